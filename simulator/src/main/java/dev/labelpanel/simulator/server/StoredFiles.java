package dev.labelpanel.simulator.server;

import java.util.concurrent.atomic.AtomicLong;

/** The simulated Files API's storage: every uploaded or generated file, in memory, by id. */
final class StoredFiles {
    /** One file: {@code purpose} is {@code batch} for uploads, {@code batch_output} for a batch's output and errors. */
    record StoredFile(String id, String purpose, String filename, byte[] content, long createdAt) {}

    private final ObjectsById<StoredFile> files = new ObjectsById<>("File", "file_not_found");
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();

    StoredFile add(String purpose, String filename, byte[] content, long createdAt, boolean upload) {
        if (upload) {
            uploads.incrementAndGet();
        }
        String id = "file-sim-" + ids.incrementAndGet();
        return files.add(id, new StoredFile(id, purpose, filename, content, createdAt));
    }

    /** The file {@code id}, or a 404 naming it. */
    StoredFile get(String id) throws ApiException {
        return files.get(id);
    }

    long uploads() {
        return uploads.get();
    }
}
