package dev.labelpanel.transforms.llm.cache;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, without persistence, in a temp folder;
 * ready when the server says so. Fails, never skips, when {@code redis-server} is not installed: CI installs it.
 * (Shared with pipelines' ITs through this module's test-jar.)
 */
public final class LocalRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path trustStore;
    private final StringBuffer log = new StringBuffer();

    private LocalRedis(Process process, int port, Path trustStore) {
        this.process = process;
        this.port = port;
        this.trustStore = trustStore;
    }

    /** Password of {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    /**
     * A server that speaks only TLS ({@code rediss://}) on a free loopback port, with a certificate for 127.0.0.1 and
     * localhost signed by a CA made here with {@code openssl}; {@link #trustStore()} holds that CA for Java clients.
     */
    public static LocalRedis startTls(Path dir, String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path trustStore = makeCertificates(dir);
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> tls = new ArrayList<>(List.of(
                    "--port",
                    "0",
                    "--tls-port",
                    Integer.toString(port),
                    "--tls-cert-file",
                    dir.resolve("server.crt").toString(),
                    "--tls-key-file",
                    dir.resolve("server.key").toString(),
                    "--tls-ca-cert-file",
                    dir.resolve("ca.crt").toString(),
                    "--tls-auth-clients",
                    "no"));
            tls.addAll(List.of(args));
            try {
                return start(dir, port, trustStore, tls.toArray(String[]::new));
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The PKCS#12 trust store (password {@link #TRUST_STORE_PASSWORD}) with the CA of a TLS server, else null. */
    public Path trustStore() {
        return trustStore;
    }

    private static Path makeCertificates(Path dir) throws IOException, InterruptedException {
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "2",
                "-subj",
                "/CN=labelpanel test CA");
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1");
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.crt",
                "-days",
                "2",
                "-extfile",
                "san.cnf");
        run(
                dir,
                keytool,
                "-importcert",
                "-noprompt",
                "-alias",
                "test-ca",
                "-file",
                "ca.crt",
                "-keystore",
                "truststore.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                TRUST_STORE_PASSWORD);
        return dir.resolve("truststore.p12");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** A server on a free port; {@code args} are extra redis-server options, e.g. {@code --requirepass x}. */
    public static LocalRedis start(Path dir, String... args) throws IOException {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(dir, freePort(), args);
            } catch (IllegalStateException e) {
                last = e; // most likely another process took the port in between
            }
        }
        throw last;
    }

    /** A server on {@code port} (to restart one where a client expects it). */
    public static LocalRedis start(Path dir, int port, String... args) throws IOException {
        return start(dir, port, (Path) null, args);
    }

    private static LocalRedis start(Path dir, int port, Path trustStore, String... args) throws IOException {
        String binary = findBinary();
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--loglevel",
                "notice"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        LocalRedis redis = new LocalRedis(process, port, trustStore);
        redis.awaitReady();
        return redis;
    }

    public int port() {
        return port;
    }

    public String url() {
        return (trustStore == null ? "redis" : "rediss") + "://127.0.0.1:" + port + "/0";
    }

    /** Stops the server like a crash would (SIGKILL) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void awaitReady() {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            log.append(line).append('\n');
                            if (line.contains("Ready to accept connections")) {
                                ready.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        // The process ended: handled below.
                    }
                    ready.complete(false);
                },
                "redis-server-" + port + "-log");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "redis-server on port " + port + " exited before it was ready:\n" + log);
            }
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("redis-server on port " + port + " was not ready in 60 s:\n" + log, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(
                "redis-server is not installed, and the Redis response cache tests need a real one: apt-get install"
                        + " redis-server (.ci/run installs it when missing)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
