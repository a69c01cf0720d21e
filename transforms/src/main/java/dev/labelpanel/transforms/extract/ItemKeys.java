package dev.labelpanel.transforms.extract;

import dev.labelpanel.schemas.Turn;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Content hashes that identify items. The item id covers granularity, normalized text and normalized context,
 * so the same content gets the same id on every run and runner; the dedup key is the same hash, optionally on
 * case-folded text. Changing either definition changes every id: the version tags say which one made a hash.
 */
public final class ItemKeys {
    private ItemKeys() {}

    public static String itemId(String granularity, String text, List<Turn> context) {
        return hash("item/v1", granularity, text, context, TextNormalizer::normalize);
    }

    public static String dedupKey(String granularity, String text, List<Turn> context, boolean caseFold) {
        UnaryOperator<String> normal = caseFold ? TextNormalizer::normalizeFolded : TextNormalizer::normalize;
        return hash(caseFold ? "dedup/folded/v1" : "dedup/v1", granularity, text, context, normal);
    }

    private static String hash(
            String version, String granularity, String text, List<Turn> context, UnaryOperator<String> normal) {
        ContentHash hash = ContentHash.create().add(version).add(granularity).add(normal.apply(text));
        if (context != null) {
            hash.add(Integer.toString(context.size()));
            for (Turn turn : context) {
                hash.add(turn.getRole()).add(normal.apply(turn.getText()));
            }
        }
        return hash.hex128();
    }
}
