package dev.labelpanel.pipelines.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.labelpanel.transforms.WireName;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.extract.Granularity;
import dev.labelpanel.transforms.llm.cache.CacheMode;
import dev.labelpanel.transforms.output.ParquetCompression;
import dev.labelpanel.transforms.read.InputFormat;
import dev.labelpanel.transforms.vote.PanelMode;
import dev.labelpanel.transforms.vote.VoteRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.joda.time.Duration;

/**
 * The typed values of a run config and how they are written in YAML: each is parsed once, while the config is
 * read, so the records hold a {@link VoteRule}, an {@link InputFormat} or a {@link Duration}, never a string to be
 * parsed again. A bad value is an error naming its key ({@code watch.window}), line and column. The same module
 * writes the values back in their canonical spelling (for the config hash and the defaults test).
 */
final class ConfigValues {
    private ConfigValues() {}

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("labelpanel-config");
        add(m, VoteRule.class, VoteRule::parse, VoteRule::toString);
        add(m, Duration.class, (key, text) -> DurationText.parse(text, key), DurationText::format);
        addEnum(m, InputFormat.class);
        addEnum(m, ParquetCompression.class);
        addEnum(m, CacheMode.class);
        addEnum(m, Granularity.class);
        addEnum(m, PanelMode.class);
        addEnum(m, Aggregation.Method.class);
        return m;
    }

    private static <E extends Enum<E> & WireName> void addEnum(SimpleModule m, Class<E> type) {
        add(m, type, (key, text) -> WireName.parse(type.getEnumConstants(), text, key), WireName::wireName);
    }

    private static <T> void add(
            SimpleModule m, Class<T> type, BiFunction<String, String, T> parse, Function<T, String> render) {
        m.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String key = key(p.getParsingContext());
                if (!p.currentToken().isScalarValue()) {
                    throw JsonMappingException.from(p, key + " must be a single value");
                }
                try {
                    return parse.apply(key, p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage(), e);
                }
            }
        });
        m.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(render.apply(value));
            }
        });
    }

    /** The dotted key of the value being read, e.g. {@code items.granularities}. */
    private static String key(JsonStreamContext context) {
        List<String> names = new ArrayList<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                names.add(c.getCurrentName());
            }
        }
        Collections.reverse(names);
        return String.join(".", names);
    }
}
