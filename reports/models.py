"""Board packs and annual complaints reports as built and kept, who downloaded them, and the
targets administrators set.

A pack or report is never changed once ready and never deleted: rebuilding it makes a new
version, so what the board read on a given day can always be found again, with the figures it
showed (``snapshot``) and the file's SHA-256 to prove the file is the one that was built.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from careprog.models.base import AuditedModel, HardDeleteForbidden, NeverDeleteQuerySet
from careprog.permissions import scope_to_cscs
from reports.ko41a.counting import FinancialYear
from reports.measures import MEASURES


class MeasureTarget(AuditedModel):
    """The target an administrator has set for a measure (at most one a measure)."""

    measure = models.CharField(
        max_length=40,
        unique=True,
        choices=[(measure.key, measure.name) for measure in MEASURES],
    )
    target = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["measure"]

    def __str__(self):
        return f"{self.get_measure_display()}: {self.target}"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


ACTIVE = [PackStatus.QUEUED, PackStatus.BUILDING]


class BoardPackQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        """Board members, PALS officers and administrators see every pack; a CSC manager sees
        the trust-wide packs (board papers, with no patient-identifiable data) and their own
        CSCs' packs, and another CSC's pack answers 404."""
        if not user.has_perm("reports.read_board_packs"):
            return self.none()
        own = scope_to_cscs(self, user, csc_field="csc", non_identifiable=True)
        return self.filter(csc__isnull=True) | own

    def for_list(self):
        return self.select_related("csc", "requested_by")

    def active(self):
        return self.filter(status__in=ACTIVE)

    def ready(self):
        return self.filter(status=PackStatus.READY)

    def for_scope(self, month, csc):
        return self.filter(month=month, csc=csc)


class Build(models.Model):
    """What every built report keeps: where its build is, who asked, and the finished file with
    its SHA-256 and a JSON snapshot of every figure it shows (reports.builds moves it along)."""

    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent
    stage = models.CharField(max_length=80, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Celery beat or a command asked for it",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The path under MEDIA_ROOT, set only once the finished file has been moved into place.
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class BoardPack(Build):
    """One build of a month's pack, trust-wide (no CSC) or for one CSC."""

    month = models.DateField(help_text="The first day of the month the pack reports on")
    csc = models.ForeignKey(
        "careprog.ClinicalServiceCentre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_packs",
        help_text="Empty for the trust-wide pack",
    )

    objects = BoardPackQuerySet.as_manager()

    class Meta:
        ordering = ["-month", F("csc__name").asc(nulls_first=True), "-version"]
        constraints = [
            # Two requests for the same pack at once build it once: only one may be waiting or
            # building. Coalesce, because NULLs (the trust-wide pack) never clash in a unique
            # index.
            models.UniqueConstraint(
                F("month"),
                Coalesce("csc", Value(0)),
                condition=Q(status__in=ACTIVE),
                name="reports_one_build_of_a_pack_at_a_time",
            ),
            models.UniqueConstraint(
                F("month"),
                Coalesce("csc", Value(0)),
                F("version"),
                name="reports_one_pack_per_version",
            ),
            models.CheckConstraint(
                condition=Q(status=PackStatus.READY, file__gt="", sha256__gt="")
                | ~Q(status=PackStatus.READY),
                name="reports_a_ready_pack_has_its_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self):
        return f"{self.scope_name} board pack, {self.month:%B %Y} (version {self.version})"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden("Board packs are kept: build a new version instead.")

    @property
    def scope_name(self) -> str:
        return self.csc.name if self.csc_id else "Trust-wide"

    @property
    def filename(self) -> str:
        scope = self.csc.code if self.csc_id else "trust"
        return f"board-pack-{self.month:%Y-%m}-{scope}-v{self.version}.pdf"


class PackDownload(models.Model):
    """Each download of a pack: who, which, when."""

    pack = models.ForeignKey(BoardPack, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.pack} downloaded by {self.user} at {self.at:%d %B %Y %H:%M}"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden("The record of downloads is kept.")


class AnnualReportQuerySet(NeverDeleteQuerySet):
    def visible_to(self, user):
        """The annual report is trust-wide and holds no patient-identifiable data: whoever may
        read it reads every year's."""
        return self if user.has_perm("reports.read_annual_report") else self.none()

    def for_list(self):
        return self.select_related("requested_by")

    def active(self):
        return self.filter(status__in=ACTIVE)

    def ready(self):
        return self.filter(status=PackStatus.READY)

    def for_year(self, year: int):
        return self.filter(year=year)


class AnnualReport(Build):
    """One build of the annual complaints report (Regulation 18) for a year from 1 April to
    31 March. The PDF is the file; the CSV is written from the same snapshot when asked for."""

    year = models.PositiveSmallIntegerField(help_text="The year it starts: 2025 for 2025-26")

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            # As for board packs: one build of a year's report may be waiting or running.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=ACTIVE),
                name="reports_one_build_of_an_annual_report_at_a_time",
            ),
            models.UniqueConstraint(
                fields=["year", "version"], name="reports_one_annual_report_per_version"
            ),
            models.CheckConstraint(
                condition=Q(status=PackStatus.READY, file__gt="", sha256__gt="")
                | ~Q(status=PackStatus.READY),
                name="reports_a_ready_annual_report_has_its_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self):
        return f"Annual complaints report {self.label} (version {self.version})"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden("Annual reports are kept: build a new version instead.")

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.starting(self.year)

    @property
    def label(self) -> str:
        return self.financial_year.label

    @property
    def filename(self) -> str:
        return f"annual-complaints-report-{self.label}-v{self.version}.pdf"

    @property
    def csv_filename(self) -> str:
        return f"annual-complaints-report-{self.label}-v{self.version}.csv"


class DownloadFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CSV = "csv", "CSV"


class AnnualReportDownload(models.Model):
    """Each download of an annual report, as PDF or CSV: who, which, when."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="downloads")
    format = models.CharField(max_length=3, choices=DownloadFormat.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        when = f"{self.at:%d %B %Y %H:%M}"
        return f"{self.report} ({self.format}) downloaded by {self.user} at {when}"

    def delete(self, *args, **kwargs):
        raise HardDeleteForbidden("The record of downloads is kept.")
