package dev.labelpanel.simulator.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes exchanges, now or after a simulated delay, without a thread waiting per request: a delayed completion is a
 * timer entry that hands the write to the worker pool when it fires. Client disconnects are logged at DEBUG only.
 */
final class Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);

    private final ScheduledExecutorService timer;
    private final Executor workers;

    Responder(ScheduledExecutorService timer, Executor workers) {
        this.timer = timer;
        this.workers = workers;
    }

    /** Runs {@code task} after {@code delayMs} (at once, on this thread, if the delay is zero). */
    void later(long delayMs, Runnable task) {
        if (delayMs <= 0) {
            task.run();
        } else {
            timer.schedule(() -> workers.execute(task), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    void sendJson(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) {
        headers.forEach(exchange.getResponseHeaders()::set);
        sendBytes(exchange, status, "application/json", body);
    }

    /** Sends {@code body} as it is, with {@code contentType}. */
    void sendBytes(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            LOG.debug("Client went away before the response was sent", e);
            exchange.close();
        }
    }

    /** Closes the connection without sending any response. */
    void drop(HttpExchange exchange) {
        exchange.close();
    }

    /** Starts a {@code text/event-stream} response; false if the client has gone. */
    boolean startStream(HttpExchange exchange, Map<String, String> headers) {
        try {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            return true;
        } catch (IOException e) {
            LOG.debug("Client went away before the stream started", e);
            exchange.close();
            return false;
        }
    }

    /** Writes one server-sent event ({@code data: ...}); false if the client has gone. */
    boolean event(HttpExchange exchange, byte[] data) {
        try {
            OutputStream out = exchange.getResponseBody();
            out.write(DATA);
            out.write(data);
            out.write(END_OF_EVENT);
            out.flush();
            return true;
        } catch (IOException e) {
            LOG.debug("Client went away during the stream", e);
            exchange.close();
            return false;
        }
    }

    void endStream(HttpExchange exchange) {
        try {
            exchange.getResponseBody().close();
        } catch (IOException e) {
            LOG.debug("Client went away at the end of the stream", e);
            exchange.close();
        }
    }

    private static final byte[] DATA = "data: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] END_OF_EVENT = "\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
