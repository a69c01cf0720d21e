package dev.labelpanel.simulator.server;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects of one simulated API kind (files, batches), in memory by id; an unknown id is the API's 404, naming
 * {@code kind} ({@code File}, {@code Batch}) with {@code notFoundCode}.
 */
record ObjectsById<T>(String kind, String notFoundCode, Map<String, T> objects) {
    ObjectsById(String kind, String notFoundCode) {
        this(kind, notFoundCode, new ConcurrentHashMap<>());
    }

    T add(String id, T object) {
        objects.put(id, object);
        return object;
    }

    /** The object {@code id}, or a 404 naming it. */
    T get(String id) throws ApiException {
        T object = objects.get(id);
        if (object == null) {
            throw new ApiException(ApiError.noSuchObject(kind, id, notFoundCode));
        }
        return object;
    }

    Collection<T> all() {
        return objects.values();
    }
}
