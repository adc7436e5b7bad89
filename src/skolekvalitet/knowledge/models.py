"""The knowledge base: the indicator catalogue, comparison areas, imports and observations."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from skolekvalitet.documents import present
from skolekvalitet.organisations.models import Owner, School, SchoolYear


def names_grade(name: str, grade: int | None) -> bool:
    """Whether there is no grade to add to an indicator's name: none, or the name says it
    already («Nasjonale prøvar 5. trinn, lesing», «National tests grade 5, reading»,
    «Skulebidragsindikator 8-10. trinn», «School contribution indicator grades 8-10»)."""
    said = rf"(?<!\d){grade}\.|\bgrades? (?:\d+[-–])?{grade}(?!\d)"
    return not grade or re.search(said, name) is not None


def name_field() -> str:
    """The catalogue's name field in the reader's language (Bokmål for any other), to sort by."""
    lang = (get_language() or "nb")[:2]
    return f"name_{lang if lang in ('nb', 'nn', 'en') else 'nb'}"


class Quality(models.TextChoices):
    STRUCTURE = "structure", _("Structure quality")
    PROCESS = "process", _("Process quality")
    RESULT = "result", _("Result quality")


class Unit(models.TextChoices):
    SCALE_POINTS = "scale_points", _("scale points (mean 50, sd 10)")
    SHARE = "share", _("share (%)")
    INDEX = "index", _("index 1–5")
    GRADE = "grade", _("grade 1–6")
    POINTS = "points", _("points")
    COUNT = "count", _("count")
    RATIO = "ratio", _("ratio")
    SCALE_1_3 = "scale_1_3", _("mastery level 1–3")
    SBI = "sbi", _("deviation from the national average")


UNIT_RANGES = {
    "scale_points": (0, 100),
    "share": (0, 100),
    "index": (1, 5),
    "grade": (1, 6),
    "points": (0, 60),
    "scale_1_3": (1, 3),
    "sbi": (-50, 50),
}
# Units whose figures add up: an area's figure is a pupil-weighted combination (a count, a share
# or a mean of pupils, staff or teachers) of its schools', and all pupils' of girls' and boys', so
# a figure hidden among them could be worked out by differencing (secondary suppression,
# knowledge/publishing.py). Not a school contribution: Statistics Norway estimates each school's
# and each municipality's from its model, relative to the national 0, and no sum links them.
ADDITIVE_UNITS = frozenset(Unit.values) - {Unit.SBI.value}


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    NEUTRAL = "neutral", _("neither higher nor lower is better")


class Indicator(models.Model):
    """A catalogue entry. owner is empty for the national catalogue, set for local indicators."""

    code = models.SlugField(max_length=60)
    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, null=True, blank=True, related_name="local_indicators"
    )
    name_nb = models.CharField(max_length=200)
    name_nn = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    explanation_nb = models.TextField()
    explanation_nn = models.TextField()
    explanation_en = models.TextField()
    quality = models.CharField(max_length=12, choices=Quality.choices)
    source = models.CharField(max_length=120)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    grades = models.JSONField(default=list, blank=True)
    breaks = models.JSONField(default=list, blank=True)
    threshold = models.PositiveIntegerField(default=10)
    never_compare_group = models.CharField(max_length=40, blank=True)
    key = models.BooleanField(default=False)
    catalogue_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quality", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(owner__isnull=True),
                name="indicator_code_unique_national",
            ),
            models.UniqueConstraint(fields=["code", "owner"], name="indicator_code_unique_local"),
        ]

    def __str__(self) -> str:
        return self.name

    def _text(self, field: str) -> str:
        return getattr(self, name_field().replace("name", field, 1))

    @classmethod
    def audit_name(cls, text: str) -> str:
        """A name the audit log kept in its writer's language, in the reader's."""
        query = models.Q(name_nb=text) | models.Q(name_nn=text) | models.Q(name_en=text)
        found = cls.objects.filter(query).first()
        return found.name if found is not None else text

    @property
    def name(self) -> str:
        return self._text("name")

    @property
    def explanation(self) -> str:
        return self._text("explanation")

    @property
    def additive(self) -> bool:
        """Whether its figures add up, so a hidden one could be differenced (ADDITIVE_UNITS)."""
        return self.unit in ADDITIVE_UNITS

    def break_notes(self) -> list[tuple[str, str]]:
        lang = (get_language() or "nb")[:2]
        return [(b["from"], b.get(lang, b.get("nb", ""))) for b in self.breaks]


class Area(models.Model):
    """A public comparison unit: the nation, a county or a municipality."""

    class Kind(models.TextChoices):
        NATION = "nation", _("Nation")
        COUNTY = "county", pgettext_lazy("the area's figures", "County")  # «Fylket»
        MUNICIPALITY = "municipality", _("Municipality")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    code = models.CharField(max_length=4)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="area_unique")]

    def __str__(self) -> str:
        return self.name


# Names of imports that are not files, by format, in the reader's language: an app that writes
# figures (a questionnaire round) registers how to name its import from what the import keeps,
# so that the name follows the reader's language rather than the writer's (apps.ready()).
NAMERS: dict = {}


class Import(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="imports")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(auto_now_add=True)
    format = models.CharField(max_length=30)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64)
    report = models.JSONField(default=dict)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        """The file and its day in the reader's language: "elev.csv (3. desember 2026)"."""
        if self.at is None:
            return self.title
        return f"{self.title} ({present.date(self.at)})"

    @property
    def title(self) -> str:
        """The file's name; a questionnaire round's import worded in the reader's language from
        what it keeps (the stored name, in the writer's language, when it keeps nothing)."""
        namer = NAMERS.get(self.format)
        return (namer(self) if namer else None) or self.file_name

    @classmethod
    def titles(cls, pks) -> dict[int, str]:
        """{import id: title} of those named in the reader's language (NAMERS); a file's name
        needs no wording."""
        wanted = set(pks) - {None}
        if not wanted:
            return {}
        named = cls.objects.filter(pk__in=wanted, format__in=list(NAMERS))
        return {i.pk: i.title for i in named}


class Subgroup(models.TextChoices):
    ALL = "all", _("all pupils")
    GIRLS = "girls", _("girls")
    BOYS = "boys", _("boys")
    PUBLIC = "public", _("public schools")
    PRIVATE = "private", _("private schools")


class UncertaintyKind(models.TextChoices):
    UDIR = "udir", _("Udir's uncertainty (half-width of a 95 % interval)")
    SD = "sd", _("standard deviation")
    SE = "se", _("standard error")


class Observation(models.Model):
    """One figure with its provenance. Exactly one of school and area is set.

    An area's figure (nation, county, municipality) belongs to the owner whose import stored
    it (`owner`): each owner keeps its own copy of its comparison figures, so no owner's write
    changes what another owner sees. A school's figure belongs to the school's owner."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="observations"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, null=True, blank=True, related_name="observations"
    )
    owner = models.ForeignKey(
        Owner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="area_observations",
        help_text="Set for an area's figure: the owner whose comparison figure it is.",
    )
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    grade = models.PositiveSmallIntegerField(default=0)  # 0: all grades
    subgroup = models.CharField(max_length=8, choices=Subgroup.choices, default=Subgroup.ALL)
    value = models.FloatField(null=True, blank=True)
    n = models.PositiveIntegerField(null=True, blank=True)
    uncertainty = models.FloatField(null=True, blank=True)
    uncertainty_kind = models.CharField(max_length=4, choices=UncertaintyKind.choices, blank=True)
    suppressed = models.BooleanField(default=False)
    synthetic = models.BooleanField(default=False)
    source_import = models.ForeignKey(Import, on_delete=models.PROTECT, null=True, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    source_field = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=True) ^ models.Q(area__isnull=True),
                name="observation_school_xor_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "school", "school_year", "grade", "subgroup"],
                condition=models.Q(school__isnull=False),
                name="observation_unique_school",
            ),
            models.CheckConstraint(
                condition=models.Q(area__isnull=True, owner__isnull=True)
                | models.Q(area__isnull=False, owner__isnull=False),
                name="observation_area_has_owner",
            ),
            models.UniqueConstraint(
                fields=["indicator", "owner", "area", "school_year", "grade", "subgroup"],
                condition=models.Q(area__isnull=False),
                name="observation_unique_owner_area",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "indicator"]),
            models.Index(fields=["owner", "area", "indicator"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.school or self.area} {self.school_year}"


class ObservationHistory(models.Model):
    """An earlier value of an observation that a write changed or removed (knowledge/store.py):
    who changed it, when and through which import, file or questionnaire round."""

    observation = models.ForeignKey(
        Observation, on_delete=models.SET_NULL, null=True, related_name="history"
    )
    what = models.CharField(max_length=200, blank=True)  # the figure, once it is removed
    value = models.FloatField(null=True)
    n = models.PositiveIntegerField(null=True)
    uncertainty = models.FloatField(null=True)
    suppressed = models.BooleanField()
    uncertainty_kind = models.CharField(max_length=4, blank=True)
    source_import = models.ForeignKey(Import, on_delete=models.PROTECT, null=True)
    source_line = models.PositiveIntegerField(null=True)
    source_field = models.CharField(max_length=200, blank=True)
    synthetic = models.BooleanField(null=True)  # None: kept before it was stored (then unknown)
    replaced_by = models.ForeignKey(
        Import, on_delete=models.PROTECT, null=True, related_name="replacements"
    )
    removed = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    def __str__(self) -> str:
        return f"{self.observation_id}: {self.value}"


class Publication(models.Model):
    """One generation of an owner's published figures (knowledge/publishing.py). Pages read the
    newest finished one; a generation being built is invisible until `finished` is set."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="publications")
    generation = models.PositiveIntegerField()
    started = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)  # figures stored so far (progress)
    total = models.PositiveIntegerField(default=0)
    # Each indicator's noise beyond sampling (stats.noise), pooled over all the owner's schools
    # and the national file: {indicator id: [year q, df, c, units, school q, df, c, units,
    # rounding variance]}; pages read it (chain.Chain.noise) and never work it out again.
    noise = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "generation"], name="publication_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} #{self.generation}"

    @property
    def percent_done(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


class PublishedFigure(models.Model):
    """A figure as every output may show it, decided for the whole owner: primary and secondary
    suppression (status), estimate (value, se) and interval, a school figure's comparison with
    each comparison area (beyond noise), the series' trend (on its latest figure) and
    provenance. value, se and the interval are
    empty unless status is "shown"; hidden_value is kept only for pooling small groups."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveIntegerField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, related_name="+")
    area = models.CharField(max_length=12, blank=True)  # municipality, county or nation
    year = models.CharField(max_length=7)
    grade = models.PositiveSmallIntegerField()
    subgroup = models.CharField(max_length=8)
    status = models.CharField(max_length=20)
    value = models.FloatField(null=True)
    n = models.PositiveIntegerField(null=True)
    se = models.FloatField(null=True)
    low = models.FloatField(null=True)
    high = models.FloatField(null=True)
    hidden_value = models.FloatField(null=True)
    versus_municipality = models.CharField(max_length=20, blank=True)
    versus_county = models.CharField(max_length=20, blank=True)
    versus_nation = models.CharField(max_length=20, blank=True)
    trend = models.CharField(max_length=20, blank=True)
    trend_slope = models.FloatField(null=True)
    file_name = models.CharField(max_length=255, blank=True)
    # The import, so that one named in the reader's language (NAMERS) is named so beside it.
    source_import = models.ForeignKey(
        Import, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    line = models.PositiveIntegerField(null=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["owner", "generation", "school"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.school_id or self.area} {self.year}: {self.status}"
