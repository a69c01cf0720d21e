package dev.labelpanel.pipelines.report;

import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** Field access on output rows read in their file's own schema: a field the file lacks reads as null. */
final class Rows {
    private Rows() {}

    static Object value(GenericRecord record, String field) {
        if (record == null || record.getSchema().getField(field) == null) {
            return null;
        }
        return record.get(field);
    }

    static String text(GenericRecord record, String field) {
        Object v = value(record, field);
        return v == null ? null : v.toString();
    }

    static GenericRecord record(GenericRecord record, String field) {
        return value(record, field) instanceof GenericRecord r ? r : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(GenericRecord record, String field) {
        return value(record, field) instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static Double number(GenericRecord record, String field) {
        return value(record, field) instanceof Number n ? n.doubleValue() : null;
    }
}
