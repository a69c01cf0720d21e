package dev.labelpanel.simulator.answer;

import dev.labelpanel.simulator.profile.LabelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the label a previous answer gave: the label on a {@code Final label: X} line if there is one, otherwise the only
 * label name that appears in the text as a whole word (case-sensitive, so that {@code SFW} is not found in {@code NSFW}).
 */
public final class LabelMentions {
    private static final Pattern FINAL_LABEL = Pattern.compile("(?im)^\\s*final label:\\s*(\\S+?)\\s*\\.?\\s*$");

    private final LabelSet labels;
    private final List<Pattern> namePatterns = new ArrayList<>();

    public LabelMentions(LabelSet labels) {
        this.labels = labels;
        for (String name : labels.names()) {
            namePatterns.add(Pattern.compile("(?<![\\p{L}\\p{N}_])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}_])"));
        }
    }

    /** The label {@code answer} expresses, if exactly one can be read from it. */
    public Optional<String> labelOf(String answer) {
        Matcher fin = FINAL_LABEL.matcher(answer);
        String last = null;
        while (fin.find()) {
            last = fin.group(1);
        }
        if (last != null && labels.contains(last)) {
            return Optional.of(last);
        }
        String found = null;
        for (int i = 0; i < namePatterns.size(); i++) {
            if (namePatterns.get(i).matcher(answer).find()) {
                if (found != null) {
                    return Optional.empty();
                }
                found = labels.get(i);
            }
        }
        return Optional.ofNullable(found);
    }
}
