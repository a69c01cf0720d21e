package dev.labelpanel.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/batches}: newest first, paged by {@code limit} and {@code after}, each page counted. */
class BatchListTest extends SimulatorTestBase {
    BatchListTest() {
        super("models: [{name: a, accuracy: 1}]");
    }

    private JsonNode call(Request request) throws Exception {
        try (Response response = client.http().newCall(request).execute()) {
            JsonNode body = ChatClient.JSON.readTree(response.body().string());
            return response.code() == 200 ? body : body.path("error");
        }
    }

    /** Uploads one request and creates its batch with {@code metadata.tag}; returns the batch id. */
    private String createBatch(String tag) throws Exception {
        String line = "{\"custom_id\":\"" + tag + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":"
                + ChatClient.body("a", "user", "hello") + "}\n";
        RequestBody upload = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("purpose", "batch")
                .addFormDataPart(
                        "file",
                        "in.jsonl",
                        RequestBody.create(line.getBytes(StandardCharsets.UTF_8), MediaType.get("application/jsonl")))
                .build();
        String fileId = call(new Request.Builder()
                        .url(sim.baseUrl() + "/files")
                        .post(upload)
                        .build())
                .path("id")
                .asText();
        String create = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\",\"metadata\":{\"tag\":\"" + tag + "\"}}";
        return call(new Request.Builder()
                        .url(sim.baseUrl() + "/batches")
                        .post(RequestBody.create(create, ChatClient.JSON_TYPE))
                        .build())
                .path("id")
                .asText();
    }

    private JsonNode list(String query) throws Exception {
        return call(
                new Request.Builder().url(sim.baseUrl() + "/batches" + query).build());
    }

    private static List<String> tags(JsonNode page) {
        List<String> tags = new ArrayList<>();
        page.path("data").forEach(b -> tags.add(b.path("metadata").path("tag").asText()));
        return tags;
    }

    @Test
    void listsNewestFirstPageByPage() throws Exception {
        createBatch("first");
        createBatch("second");
        String third = createBatch("third");

        JsonNode first = list("?limit=2");
        assertEquals(List.of("third", "second"), tags(first));
        assertEquals(
                List.of("list", third, true),
                List.of(
                        first.path("object").asText(),
                        first.path("first_id").asText(),
                        first.path("has_more").asBoolean()));
        JsonNode second = list("?limit=2&after=" + first.path("last_id").asText());
        assertEquals(List.of("first"), tags(second));
        assertEquals(false, second.path("has_more").asBoolean());
        assertEquals(List.of("third", "second", "first"), tags(list("")));
        assertEquals("limit", list("?limit=101").path("param").asText());
        assertEquals(3, sim.batchStats().listRequests(), "the pages served");
    }
}
