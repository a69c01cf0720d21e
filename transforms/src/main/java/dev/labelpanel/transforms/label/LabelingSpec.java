package dev.labelpanel.transforms.label;

import dev.labelpanel.transforms.Arguments;
import dev.labelpanel.transforms.aggregate.Aggregation;
import dev.labelpanel.transforms.calibrate.Calibrator;
import dev.labelpanel.transforms.calibrate.SelfCriticism;
import dev.labelpanel.transforms.gapfill.GapFill;
import dev.labelpanel.transforms.llm.Labeler;
import dev.labelpanel.transforms.llm.LabelerSpec;
import dev.labelpanel.transforms.prompt.LabelSet;
import dev.labelpanel.transforms.prompt.PromptBook;
import dev.labelpanel.transforms.prompt.Prompts;
import dev.labelpanel.transforms.vote.LabelParser;
import dev.labelpanel.transforms.vote.PanelMode;
import dev.labelpanel.transforms.vote.PanelVote;
import dev.labelpanel.transforms.vote.VoteRule;
import java.io.Serializable;
import java.util.List;

/**
 * Everything a worker needs to label items, in serializable form: the label set, prompts, vote rule, aggregation, and
 * how to reach each labeler, and how the panel is asked ({@link PanelMode}; {@code panelAskOrder} lists panel positions
 * in the order an adaptive panel asks them, empty for panel order). Workers turn it into an {@link ItemLabeler} in
 * {@code @Setup}.
 */
public record LabelingSpec(
        PromptBook prompts,
        VoteRule voteRule,
        Aggregation aggregation,
        List<LabelerSpec> panel,
        LabelerSpec filler,
        LabelerSpec calibrator,
        String configHash,
        int maxPendingItems,
        PanelMode panelMode,
        List<Integer> panelAskOrder)
        implements Serializable {

    public LabelingSpec {
        Arguments.check(!panel.isEmpty(), "roles.panel must name at least one labeler");
        Arguments.check(
                maxPendingItems >= 1,
                "at most %s items in flight per worker thread: must be at least 1",
                maxPendingItems);
        panel = List.copyOf(panel);
        panelMode = panelMode == null ? PanelMode.FULL : panelMode;
        panelAskOrder = panelAskOrder == null ? List.of() : List.copyOf(panelAskOrder);
        aggregation = aggregation == null ? Aggregation.majority() : aggregation;
    }

    /** A new labeling chain over this spec's labelers (the labeling DoFns build one each in {@code @Setup}). */
    public ItemLabeler newItemLabeler() {
        LabelSet labels = prompts.labels();
        LabelParser parser = new LabelParser(labels);
        List<Labeler> panelLabelers = panel.stream().map(LabelerSpec::open).toList();
        Labeler fillLabeler = filler.open();
        Labeler calibrateLabeler = calibrator.open();
        Prompts calibratorPrompts = prompts.promptsOf(calibrator.name());
        return new ItemLabeler(
                prompts,
                new PanelVote(panelLabelers, parser, voteRule, panelMode, panelAskOrder),
                new GapFill(fillLabeler, parser),
                new Calibrator(
                        calibrateLabeler,
                        parser,
                        new SelfCriticism(calibrateLabeler, calibratorPrompts, labels, parser)),
                configHash);
    }
}
