package dev.labelpanel.simulator.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The simulated Files API's storage: every uploaded or generated file, in memory, by id. */
final class StoredFiles {
    /** One file: {@code purpose} is {@code batch} for uploads, {@code batch_output} for a batch's output and errors. */
    record StoredFile(String id, String purpose, String filename, byte[] content, long createdAt) {}

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();

    StoredFile add(String purpose, String filename, byte[] content, long createdAt, boolean upload) {
        if (upload) {
            uploads.incrementAndGet();
        }
        StoredFile file = new StoredFile("file-sim-" + ids.incrementAndGet(), purpose, filename, content, createdAt);
        files.put(file.id(), file);
        return file;
    }

    /** The file {@code id}, or a 404 naming it. */
    StoredFile get(String id) throws ApiException {
        StoredFile file = files.get(id);
        if (file == null) {
            throw new ApiException(ApiError.noSuchObject("File", id, "file_not_found"));
        }
        return file;
    }

    long uploads() {
        return uploads.get();
    }
}
