"""The one path from answers to shown survey numbers: the anonymity threshold, and the rule that
a round shows results only once it takes no more answers, are applied here, for pages, exports,
meeting packs and the knowledge base alike. Who may read them: access.may_read_results."""

from dataclasses import dataclass, field

from django.utils import timezone

from skolekvalitet.stats.answers import (
    LightSummary,
    MeanSummary,
    change,
    ratings,
    respondent_means,
    summarise_lights,
    summarise_scale,
)
from skolekvalitet.stats.suppression import publishable

from .models import Dimension, Item, Response, Round


def change_verdict(moved) -> str:
    """ "up"/"down" only when the change's interval excludes 0, else "same"; "" without a change."""
    if not moved:
        return ""
    low, high = moved[1]
    return "up" if low > 0 else "down" if high < 0 else "same"


@dataclass
class ItemResult:
    item: Item
    summary: MeanSummary | LightSummary | None  # None: too few answers to this item
    change: tuple[float, object] | None = None

    @property
    def verdict(self) -> str:
        return change_verdict(self.change)


@dataclass
class DimensionResult:
    dimension: Dimension
    summary: MeanSummary | None
    change: tuple[float, object] | None
    items: list[ItemResult] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return change_verdict(self.change)


@dataclass
class Results:
    round: Round
    responses: int
    threshold: int
    dimensions: list[DimensionResult]
    texts: list[tuple[Item, list[tuple[str, str, bool]]]]  # (item, [(response id, text, hidden)])
    previous: Round | None = None
    finished: bool = True  # the round takes no more answers; before that nothing is computed

    @property
    def enough(self) -> bool:
        return publishable(self.responses, self.threshold)

    @property
    def readable(self) -> bool:
        return self.finished and self.enough


def threshold_for(round_: Round) -> int:
    return max(5, round_.school.owner.anonymity_threshold)


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(
            school=round_.school,
            instrument=round_.instrument,
            audience=round_.audience,
            closed=True,
            opens__lt=round_.opens,
        )
        .order_by("-opens")
        .first()
    )


def _scale(values: list, threshold: int) -> MeanSummary | None:
    rated, dont_know = ratings(values)
    if not publishable(len(rated), threshold):
        return None
    return summarise_scale(rated, dont_know=dont_know)


def results(round_: Round, *, with_previous: bool = True) -> Results:
    threshold = threshold_for(round_)
    dimensions = list(round_.instrument.dimensions.prefetch_related("items"))
    if not round_.is_finished(timezone.localdate()):
        count = Response.objects.filter(round=round_).count()  # the response rate only
        empty = [DimensionResult(d, None, None) for d in dimensions]
        return Results(round_, count, threshold, empty, [], finished=False)
    responses = list(Response.objects.filter(round=round_))
    answers = [r.answers for r in responses]
    hidden = {(str(r.pk), str(i)) for r in responses for i in r.hidden}
    enough = publishable(len(answers), threshold)
    before = None
    if with_previous and enough:
        prev = previous_round(round_)
        before = results(prev, with_previous=False) if prev else None
        if before is not None and not before.enough:
            before = None
    shown, texts = [], []
    for d_index, dimension in enumerate(dimensions):
        items = list(dimension.items.all())
        if not enough:
            shown.append(DimensionResult(dimension, None, None))
            continue
        scale = [i for i in items if i.kind == Item.Kind.SCALE]
        per_person = respondent_means([[a.get(str(i.pk)) for i in scale] for a in answers])
        summary = summarise_scale(per_person) if publishable(len(per_person), threshold) else None
        old = _previous(before, d_index)
        result = DimensionResult(
            dimension,
            summary,
            change(summary, old.summary) if summary and old and old.summary else None,
        )
        old_items = {r.item.pk: r.summary for r in old.items} if old else {}
        for item in items:
            values = [v for a in answers if (v := a.get(str(item.pk))) is not None]
            if item.kind == Item.Kind.SCALE:
                now, then = _scale(values, threshold), old_items.get(item.pk)
                moved = change(now, then) if now and isinstance(then, MeanSummary) else None
                result.items.append(ItemResult(item, now, moved))
            elif item.kind == Item.Kind.TRAFFIC:
                lights = summarise_lights(values)
                result.items.append(
                    ItemResult(
                        item, lights if lights and publishable(lights.n, threshold) else None
                    )
                )
            else:
                texts.append(
                    (
                        item,
                        [
                            (
                                str(r.pk),
                                r.answers[str(item.pk)],
                                (str(r.pk), str(item.pk)) in hidden,
                            )
                            for r in responses
                            if str(r.answers.get(str(item.pk), "")).strip()
                        ],
                    )
                )
        shown.append(result)
    return Results(round_, len(answers), threshold, shown, texts, before.round if before else None)


def _previous(before: Results | None, index: int) -> DimensionResult | None:
    if before is None or index >= len(before.dimensions):
        return None
    return before.dimensions[index]
