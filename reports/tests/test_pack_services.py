"""Board packs: which months may be asked for, asking (one build at a time, versions), building
(the file appears only when complete, a failed build leaves nothing behind), retrying, giving up
dead builds, the monthly request on the first working day, downloads and the command."""

import hashlib
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from careprog.models import ClosureDay
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from reports.measures import MEASURES
from reports.models import BoardPack, PackDownload, PackStatus
from reports.services import (
    BUILD_TIME_LIMIT,
    QUEUE_TIME_LIMIT,
    PackError,
    check_month,
    final_name,
    find_csc,
    mark_stalled_builds,
    pack_build,
    pack_download,
    pack_file,
    pack_folder,
    pack_request,
    pack_retry,
    parse_month,
    part_path,
    request_last_months_pack,
)

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)  # a month that has ended whenever these tests run
SEPTEMBER = date(2026, 9, 1)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test's packs go to a folder of its own, so no file is left over from another."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def feedback_in(month: date, *, day: int = 15, kind: str = Kind.COMPLAINT, **details):
    """An item received in ``month``, logged through the real service."""
    return make_item(kind=kind, received_on=month.replace(day=day), **details)


@pytest.fixture
def october_feedback(medicine):
    feedback_in(SEPTEMBER, csc=medicine)
    return feedback_in(OCTOBER, csc=medicine)


def month_error(error: PackError) -> str:
    [message] = error.value.message_dict["month"]
    return message


def ready_pack(month=OCTOBER, csc=None, version=1, *, content=b"%PDF-1.7 a board pack"):
    """A ready pack row with its file on disk, without drawing a PDF (for the tests about
    what happens around a built pack, not about building it)."""
    pack = BoardPack(month=month, csc=csc, version=version)
    path = Path(pack_folder().parent) / final_name(pack)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    pack.status = PackStatus.READY
    pack.file = final_name(pack)
    pack.size = len(content)
    pack.sha256 = hashlib.sha256(content).hexdigest()
    pack.save()
    return pack


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- parse_month -----------------------------------------------------------------------------


class TestParseMonth:
    @pytest.mark.parametrize(
        ("text", "month"),
        [
            ("2026-10", date(2026, 10, 1)),
            (" 2026-01 ", date(2026, 1, 1)),
            ("2026-12", date(2026, 12, 1)),
        ],
    )
    def test_the_month_as_yyyy_mm(self, text, month):
        assert parse_month(text) == month

    @pytest.mark.parametrize("text", ["2026/10", "26-10", "", "2026-1", "2026-10-01", "Oct 2026"])
    def test_other_forms_are_refused_saying_the_form(self, text):
        with pytest.raises(PackError) as error:
            parse_month(text)
        assert month_error(error) == (
            f"Enter the month as YYYY-MM, for example 2026-10 (not “{text.strip()}”)"
        )

    def test_none_is_refused_like_an_empty_month(self):
        with pytest.raises(PackError) as error:
            parse_month(None)
        assert month_error(error) == "Enter the month as YYYY-MM, for example 2026-10 (not “”)"

    @pytest.mark.parametrize("text", ["2026-00", "2026-13"])
    def test_month_numbers_outside_01_to_12_are_not_months(self, text):
        with pytest.raises(PackError) as error:
            parse_month(text)
        assert month_error(error) == f"“{text}” is not a month: the month number must be 01 to 12"


# --- check_month -----------------------------------------------------------------------------


class TestCheckMonth:
    TODAY = date(2026, 11, 29)

    @pytest.fixture
    def first_feedback(self, medicine):
        """The register's first item, received in March 2026; more later."""
        feedback_in(date(2026, 3, 1), day=31, csc=medicine)
        feedback_in(date(2026, 6, 1), csc=medicine)

    @pytest.mark.parametrize(
        ("month", "named"),
        [
            (date(2026, 11, 1), "November 2026"),  # the current month
            (date(2026, 12, 1), "December 2026"),  # a future month
            (date(2027, 11, 1), "November 2027"),
        ],
    )
    def test_a_month_that_has_not_ended_is_refused_naming_the_last_month(
        self, first_feedback, month, named
    ):
        with pytest.raises(PackError) as error:
            check_month(month, today=self.TODAY)
        assert month_error(error) == (
            f"{named} has not ended yet: choose October 2026 or an earlier month"
        )

    def test_the_month_ends_on_its_last_day(self, first_feedback):
        with pytest.raises(PackError) as error:
            check_month(date(2026, 10, 1), today=date(2026, 10, 31))
        assert month_error(error) == (
            "October 2026 has not ended yet: choose September 2026 or an earlier month"
        )
        assert check_month(date(2026, 10, 1), today=date(2026, 11, 1)) == date(2026, 10, 1)

    def test_the_last_month_and_the_first_month_with_data_are_accepted(self, first_feedback):
        assert check_month(date(2026, 10, 1), today=self.TODAY) == date(2026, 10, 1)
        assert check_month(date(2026, 3, 1), today=self.TODAY) == date(2026, 3, 1)

    def test_a_month_before_the_first_feedback_is_refused_naming_the_first_month(
        self, first_feedback
    ):
        with pytest.raises(PackError) as error:
            check_month(date(2026, 2, 1), today=self.TODAY)
        assert month_error(error) == (
            "The register holds no feedback before March 2026: choose March 2026 or a later month"
        )

    def test_with_no_feedback_at_all_every_month_is_refused(self, db):
        with pytest.raises(PackError) as error:
            check_month(date(2026, 10, 1), today=self.TODAY)
        assert month_error(error) == (
            "The register holds no feedback yet: there is nothing to report on"
        )


# --- find_csc --------------------------------------------------------------------------------


class TestFindCsc:
    def test_an_unknown_code_is_refused_listing_the_codes(self, medicine, surgery):
        with pytest.raises(PackError) as error:
            find_csc("card")
        assert error.value.message_dict["csc"] == [
            "There is no CSC with the code “card” (the codes are: med, surg)"
        ]

    @pytest.mark.parametrize("code", ["med", "MED", "Med", " med "])
    def test_the_code_is_matched_whatever_its_case(self, medicine, surgery, code):
        assert find_csc(code) == medicine

    @pytest.mark.parametrize("code", ["", None])
    def test_no_code_is_the_trust_wide_pack(self, medicine, code):
        assert find_csc(code) is None


# --- pack_request ----------------------------------------------------------------------------


class TestPackRequest:
    def test_the_first_request_makes_version_1_queued_and_sends_it_once_committed(
        self, october_feedback, board_member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            pack, created = pack_request(month=OCTOBER, by=board_member)
        assert created is True
        assert (pack.month, pack.csc, pack.version) == (OCTOBER, None, 1)
        assert pack.status == PackStatus.QUEUED
        assert pack.requested_by == board_member
        assert (pack.file, pack.sha256) == ("", "")
        assert len(callbacks) == 1  # the build task, sent only once the row is committed

    @pytest.mark.parametrize("status", [PackStatus.QUEUED, PackStatus.BUILDING])
    def test_a_second_request_while_one_is_waiting_or_building_gets_that_one(
        self, october_feedback, board_member, pals_officer, status
    ):
        first, _ = pack_request(month=OCTOBER, by=board_member)
        BoardPack.objects.filter(pk=first.pk).update(status=status, started_at=timezone.now())
        again, created = pack_request(month=OCTOBER, by=pals_officer)
        assert created is False
        assert again.pk == first.pk
        assert again.requested_by == board_member
        assert BoardPack.objects.count() == 1

    def test_once_ready_a_new_request_makes_version_2_and_version_1_stays_downloadable(
        self, october_feedback, board_member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first, _ = pack_request(month=OCTOBER, by=board_member)
        first.refresh_from_db()
        assert first.status == PackStatus.READY
        second, created = pack_request(month=OCTOBER, by=board_member)
        assert created is True
        assert second.version == 2
        assert second.status == PackStatus.QUEUED
        first.refresh_from_db()
        assert first.status == PackStatus.READY
        path = pack_download(pack=first, by=board_member)
        assert sha256_of(path) == first.sha256
        assert path.name == "board-pack-2026-10-trust-v1.pdf"

    def test_a_failed_build_does_not_block_a_new_version(self, october_feedback, board_member):
        first, _ = pack_request(month=OCTOBER)
        BoardPack.objects.filter(pk=first.pk).update(status=PackStatus.FAILED, error="x")
        second, created = pack_request(month=OCTOBER, by=board_member)
        assert created is True
        assert second.version == 2

    def test_a_build_that_died_is_given_up_and_a_new_version_asked_for(self, october_feedback):
        dead, _ = pack_request(month=OCTOBER)
        BoardPack.objects.filter(pk=dead.pk).update(
            status=PackStatus.BUILDING,
            started_at=timezone.now() - BUILD_TIME_LIMIT - timedelta(seconds=1),
        )
        pack, created = pack_request(month=OCTOBER)
        assert created is True
        assert pack.version == 2
        dead.refresh_from_db()
        assert dead.status == PackStatus.FAILED

    def test_a_csc_pack_and_the_trust_pack_of_a_month_are_independent(
        self, october_feedback, medicine, surgery
    ):
        trust, trust_created = pack_request(month=OCTOBER)
        med, med_created = pack_request(month=OCTOBER, csc=medicine)
        surg, surg_created = pack_request(month=OCTOBER, csc=surgery)
        assert [trust_created, med_created, surg_created] == [True, True, True]
        assert len({trust.pk, med.pk, surg.pk}) == 3
        assert [p.version for p in (trust, med, surg)] == [1, 1, 1]
        assert (trust.csc, med.csc, surg.csc) == (None, medicine, surgery)
        # and each is still found again while it waits
        assert pack_request(month=OCTOBER, csc=medicine) == (med, False)
        assert pack_request(month=OCTOBER) == (trust, False)

    @pytest.mark.parametrize("months_ahead", [0, 1])
    def test_a_month_that_has_not_ended_is_refused_and_nothing_is_asked_for(
        self, october_feedback, months_ahead
    ):
        month = (timezone.localdate().replace(day=1) + timedelta(days=31 * months_ahead)).replace(
            day=1
        )
        with pytest.raises(PackError, match="has not ended yet"):
            pack_request(month=month)
        assert not BoardPack.objects.exists()

    def test_the_build_is_sent_on_commit_and_runs(
        self, october_feedback, board_member, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pack, _ = pack_request(month=OCTOBER, by=board_member)
            # nothing is sent before the commit
            assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.QUEUED
        assert len(callbacks) == 1
        pack.refresh_from_db()
        assert pack.status == PackStatus.READY
        assert (Path(pack_folder().parent) / pack.file).is_file()


class TestOneBuildAtATimeInTheDatabase:
    """The partial unique index itself refuses a second waiting or running build of a pack,
    NULL CSC (the trust-wide pack) included: that is what the Coalesce is for."""

    @pytest.mark.parametrize("scope", ["trust", "csc"])
    @pytest.mark.parametrize(
        ("first", "second"),
        [
            (PackStatus.QUEUED, PackStatus.QUEUED),
            (PackStatus.QUEUED, PackStatus.BUILDING),
            (PackStatus.BUILDING, PackStatus.QUEUED),
        ],
    )
    def test_a_second_active_build_is_refused(self, medicine, scope, first, second):
        csc = medicine if scope == "csc" else None
        BoardPack.objects.create(month=OCTOBER, csc=csc, version=1, status=first)
        with pytest.raises(IntegrityError), transaction.atomic():
            BoardPack.objects.create(month=OCTOBER, csc=csc, version=2, status=second)
        assert BoardPack.objects.count() == 1

    @pytest.mark.parametrize("scope", ["trust", "csc"])
    def test_finished_builds_do_not_count(self, medicine, scope):
        csc = medicine if scope == "csc" else None
        BoardPack.objects.create(month=OCTOBER, csc=csc, version=1, status=PackStatus.FAILED)
        ready_pack(OCTOBER, csc, version=2)
        BoardPack.objects.create(month=OCTOBER, csc=csc, version=3, status=PackStatus.QUEUED)
        assert BoardPack.objects.count() == 3

    def test_other_months_and_scopes_build_at_the_same_time(self, medicine, surgery):
        for month, csc in [
            (OCTOBER, None),
            (OCTOBER, medicine),
            (OCTOBER, surgery),
            (SEPTEMBER, None),
        ]:
            BoardPack.objects.create(month=month, csc=csc, version=1, status=PackStatus.BUILDING)
        assert BoardPack.objects.active().count() == 4

    @pytest.mark.parametrize("scope", ["trust", "csc"])
    def test_a_version_number_is_used_once(self, medicine, scope):
        csc = medicine if scope == "csc" else None
        BoardPack.objects.create(month=OCTOBER, csc=csc, version=1, status=PackStatus.FAILED)
        with pytest.raises(IntegrityError), transaction.atomic():
            BoardPack.objects.create(month=OCTOBER, csc=csc, version=1, status=PackStatus.FAILED)

    def test_a_ready_pack_must_have_its_file(self, db):
        with pytest.raises(IntegrityError), transaction.atomic():
            BoardPack.objects.create(month=OCTOBER, version=1, status=PackStatus.READY)


# --- pack_build ------------------------------------------------------------------------------


class TestPackBuild:
    def test_a_queued_pack_is_built_to_ready_with_its_file_and_figures(
        self, october_feedback, media, board_member
    ):
        pack, _ = pack_request(month=OCTOBER, by=board_member, queue=False)
        before = timezone.now()
        built = pack_build(pack.pk)
        assert built.status == PackStatus.READY
        assert built.file == "board-packs/2026-10/board-pack-2026-10-trust-v1.pdf"
        path = media / "board-packs" / "2026-10" / "board-pack-2026-10-trust-v1.pdf"
        assert pack_file(built) == path
        content = path.read_bytes()
        assert content.startswith(b"%PDF-")
        assert built.size == len(content) == path.stat().st_size
        assert built.sha256 == hashlib.sha256(content).hexdigest()
        assert set(built.snapshot["measures"]) == {measure.key for measure in MEASURES}
        assert built.snapshot["month"] == "2026-10"
        assert built.snapshot["scope"] == "trust"
        assert built.snapshot["measures"]["complaints_received"]["this_month"] == 1
        assert built.progress == 100
        assert built.stage == ""
        assert built.error == ""
        assert before <= built.started_at <= built.finished_at <= timezone.now()
        assert not part_path(built).exists()
        # What was stored is what was built, and is read back the same.
        stored = BoardPack.objects.get(pk=pack.pk)
        assert (stored.sha256, stored.size, stored.file) == (built.sha256, built.size, built.file)

    def test_a_csc_pack_of_a_later_version_is_named_for_both(self, october_feedback, medicine):
        BoardPack.objects.create(month=OCTOBER, csc=medicine, version=1, status=PackStatus.FAILED)
        pack, _ = pack_request(month=OCTOBER, csc=medicine, queue=False)
        built = pack_build(pack.pk)
        assert built.status == PackStatus.READY
        assert built.file == "board-packs/2026-10/board-pack-2026-10-med-v2.pdf"
        assert built.snapshot["scope"] == "med"
        assert sha256_of(pack_file(built)) == built.sha256

    @pytest.mark.parametrize("status", [PackStatus.READY, PackStatus.FAILED, PackStatus.BUILDING])
    def test_a_pack_that_is_not_queued_is_left_alone(self, october_feedback, media, status):
        started = timezone.now() - timedelta(minutes=3)
        if status == PackStatus.READY:
            pack = ready_pack()
            BoardPack.objects.filter(pk=pack.pk).update(started_at=started, progress=100)
        else:
            pack = BoardPack.objects.create(
                month=OCTOBER, version=1, status=status, started_at=started, progress=40
            )
        before = BoardPack.objects.filter(pk=pack.pk).values().get()
        files_before = sorted(p for p in media.rglob("*") if p.is_file())
        assert pack_build(pack.pk) is None
        assert BoardPack.objects.filter(pk=pack.pk).values().get() == before
        assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before

    def test_an_unknown_pack_is_left_alone(self, db):
        assert pack_build(999_999) is None

    # A build that fails for real: the folder it must write into cannot be made. (Running as
    # root, an un-writable folder is still written to, so the folder's name is taken by a link
    # to nowhere instead; that fails for whoever runs the tests.) ".building" fails before the
    # part-file is written; the month's folder fails after it, before the move into place.
    @pytest.mark.parametrize("blocked", [".building", "2026-10"])
    def test_a_failed_build_leaves_no_file_and_a_retry_builds_the_same_version(
        self, october_feedback, board_member, tmp_path, blocked, django_capture_on_commit_callbacks
    ):
        pack, _ = pack_request(month=OCTOBER, by=board_member, queue=False)
        pack_folder().mkdir(parents=True)
        link = pack_folder() / blocked
        link.symlink_to(tmp_path / "nowhere", target_is_directory=True)

        failed = pack_build(pack.pk)

        assert failed.status == PackStatus.FAILED
        assert failed.error.startswith("The build stopped: ")
        assert "File exists" in failed.error
        assert str(link) in failed.error
        assert failed.finished_at is not None
        assert (failed.file, failed.sha256, failed.size, failed.snapshot) == ("", "", None, None)
        assert not part_path(failed).exists()
        assert not (pack_folder().parent / final_name(failed)).exists()
        assert [p for p in pack_folder().rglob("*") if p.is_file()] == []
        with pytest.raises(PackError, match="cannot be downloaded yet"):
            pack_download(pack=failed, by=board_member)

        link.unlink()  # the fault is put right
        with django_capture_on_commit_callbacks(execute=True):
            retried = pack_retry(pack=failed, by=board_member)
        retried.refresh_from_db()
        assert retried.pk == pack.pk
        assert retried.version == 1
        assert retried.status == PackStatus.READY
        assert retried.error == ""
        assert sha256_of(pack_file(retried)) == retried.sha256
        assert BoardPack.objects.count() == 1

    def test_an_interrupt_mid_build_marks_it_failed_removes_the_part_file_and_is_raised(
        self, october_feedback
    ):
        pack, _ = pack_request(month=OCTOBER, queue=False)
        seen = {}

        def interrupt_as_it_is_marked_ready(execute, sql, params, many, context):
            # The moment between writing the part-file and moving it into place: Ctrl-C (or a
            # worker shutting down) arrives as the pack is about to be marked ready.
            marking_ready = any(isinstance(p, str) and p == PackStatus.READY for p in params or ())
            if sql.startswith("UPDATE") and "reports_boardpack" in sql and marking_ready:
                seen["part-file written"] = part_path(pack).is_file()
                raise KeyboardInterrupt
            return execute(sql, params, many, context)

        with (
            pytest.raises(KeyboardInterrupt),
            connection.execute_wrapper(interrupt_as_it_is_marked_ready),
        ):
            pack_build(pack.pk)

        assert seen == {"part-file written": True}
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED
        assert pack.error == "The build stopped: KeyboardInterrupt"
        assert (pack.file, pack.sha256) == ("", "")
        assert not part_path(pack).exists()
        assert not (pack_folder().parent / final_name(pack)).exists()


# --- pack_retry ------------------------------------------------------------------------------


class TestPackRetry:
    @pytest.mark.parametrize(
        ("status", "words"),
        [
            (PackStatus.QUEUED, "queued"),
            (PackStatus.BUILDING, "building"),
            (PackStatus.READY, "ready"),
        ],
    )
    def test_only_a_failed_build_can_be_tried_again(self, db, board_member, status, words):
        if status == PackStatus.READY:
            pack = ready_pack()
        else:
            pack = BoardPack.objects.create(month=OCTOBER, version=1, status=status)
        with pytest.raises(PackError) as error:
            pack_retry(pack=pack, by=board_member)
        assert error.value.messages == [
            f"Only a failed build can be tried again: this one is {words}"
        ]
        assert BoardPack.objects.get(pk=pack.pk).status == status

    def test_refused_while_another_build_of_the_pack_is_active(
        self, october_feedback, board_member, django_capture_on_commit_callbacks
    ):
        failed = BoardPack.objects.create(
            month=OCTOBER, version=1, status=PackStatus.FAILED, error="The build stopped: x"
        )
        newer, _ = pack_request(month=OCTOBER, queue=False)
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PackError) as error:
            pack_retry(pack=failed, by=board_member)
        assert error.value.messages == [
            "Another build of this pack is already waiting or running: follow that one instead"
        ]
        assert callbacks == []
        failed.refresh_from_db()
        assert failed.status == PackStatus.FAILED
        assert failed.error == "The build stopped: x"
        assert BoardPack.objects.get(pk=newer.pk).status == PackStatus.QUEUED

    def test_a_build_already_tried_again_is_not_tried_twice(self, db, board_member):
        failed = BoardPack.objects.create(month=OCTOBER, version=1, status=PackStatus.FAILED)
        stale = BoardPack.objects.get(pk=failed.pk)  # e.g. a page opened before the first retry
        pack_retry(pack=failed, by=board_member)
        with pytest.raises(PackError) as error:
            pack_retry(pack=stale, by=board_member)
        assert error.value.messages == [
            "This build is no longer failed: it has been tried again already"
        ]

    def test_resets_the_build_and_queues_it_again(
        self, db, board_member, pals_officer, django_capture_on_commit_callbacks
    ):
        long_ago = timezone.now() - timedelta(hours=2)
        failed = BoardPack.objects.create(
            month=OCTOBER,
            version=3,
            status=PackStatus.FAILED,
            progress=40,
            stage="Drawing the charts and writing the PDF",
            error="The build stopped: disk full",
            started_at=long_ago,
            finished_at=long_ago,
            requested_by=board_member,
        )
        BoardPack.objects.filter(pk=failed.pk).update(requested_at=long_ago)
        with django_capture_on_commit_callbacks() as callbacks:
            retried = pack_retry(pack=failed, by=pals_officer)
        assert len(callbacks) == 1
        stored = BoardPack.objects.get(pk=failed.pk)
        for pack in (retried, stored):
            assert pack.status == PackStatus.QUEUED
            assert pack.version == 3
            assert (pack.progress, pack.stage, pack.error) == (0, "", "")
            assert (pack.started_at, pack.finished_at) == (None, None)
            assert pack.requested_by == pals_officer
            assert pack.requested_at > long_ago

    def test_without_a_person_it_keeps_who_asked(self, db, board_member):
        failed = BoardPack.objects.create(
            month=OCTOBER, version=1, status=PackStatus.FAILED, requested_by=board_member
        )
        assert pack_retry(pack=failed).requested_by == board_member


# --- mark_stalled_builds ---------------------------------------------------------------------


class TestMarkStalledBuilds:
    NOW = datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)

    def building(self, started_at, **fields):
        pack = BoardPack.objects.create(
            month=OCTOBER, version=1, status=PackStatus.BUILDING, started_at=started_at, **fields
        )
        part = part_path(pack)
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"%PDF-1.7 half a pack")
        return pack

    def test_a_build_is_given_up_one_second_after_its_time_limit_not_before(self):
        pack = self.building(self.NOW - BUILD_TIME_LIMIT)
        assert mark_stalled_builds(now=self.NOW) == 0
        pack.refresh_from_db()
        assert pack.status == PackStatus.BUILDING
        assert part_path(pack).is_file()

        later = self.NOW + timedelta(seconds=1)
        assert mark_stalled_builds(now=later) == 1
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED
        assert pack.error == (
            "The build stopped before it finished (the worker may have been restarted): "
            "ask for it again."
        )
        assert pack.finished_at == later
        assert not part_path(pack).exists()

    def test_a_file_moved_into_place_but_never_marked_ready_is_removed(self, media):
        pack = self.building(self.NOW - BUILD_TIME_LIMIT - timedelta(minutes=5))
        final = media / final_name(pack)
        final.parent.mkdir(parents=True)
        final.write_bytes(b"%PDF-1.7 moved, never committed")
        assert mark_stalled_builds(now=self.NOW) == 1
        assert not final.exists()
        assert not part_path(pack).exists()

    def test_a_queued_pack_no_worker_took_is_given_up_after_the_queue_limit(self):
        pack = BoardPack.objects.create(month=OCTOBER, version=1)
        BoardPack.objects.filter(pk=pack.pk).update(requested_at=self.NOW - QUEUE_TIME_LIMIT)
        # queued longer than a build may run, but not yet longer than the queue limit
        assert QUEUE_TIME_LIMIT > BUILD_TIME_LIMIT
        assert mark_stalled_builds(now=self.NOW) == 0
        assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.QUEUED

        assert mark_stalled_builds(now=self.NOW + timedelta(seconds=1)) == 1
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED
        assert pack.error == "No worker took the build up: ask for it again."

    def test_ready_and_failed_packs_are_never_touched(self, media):
        ready = ready_pack()
        failed = BoardPack.objects.create(
            month=OCTOBER, version=2, status=PackStatus.FAILED, error="The build stopped: x"
        )
        long_ago = self.NOW - timedelta(days=400)
        BoardPack.objects.update(requested_at=long_ago, started_at=long_ago)
        before = list(BoardPack.objects.order_by("pk").values())
        assert mark_stalled_builds(now=self.NOW) == 0
        assert list(BoardPack.objects.order_by("pk").values()) == before
        assert pack_file(ready).is_file()
        assert failed.pk  # untouched, as the comparison shows

    def test_only_the_dead_build_among_several_is_given_up(self, medicine):
        dead = self.building(self.NOW - BUILD_TIME_LIMIT - timedelta(seconds=1))
        alive = BoardPack.objects.create(
            month=OCTOBER,
            csc=medicine,
            version=1,
            status=PackStatus.BUILDING,
            started_at=self.NOW - timedelta(minutes=1),
        )
        assert mark_stalled_builds(now=self.NOW) == 1
        assert BoardPack.objects.get(pk=dead.pk).status == PackStatus.FAILED
        assert BoardPack.objects.get(pk=alive.pk).status == PackStatus.BUILDING


# --- request_last_months_pack ----------------------------------------------------------------


class TestRequestLastMonthsPack:
    """January 2021 has the calendar of January 2027 (New Year's Day a Friday, then a weekend)
    and has already happened, so December 2020's feedback is logged through the real services
    and the month is judged against the real clock."""

    DECEMBER = date(2020, 12, 1)

    @pytest.fixture
    def december_feedback(self, medicine):
        feedback_in(date(2020, 11, 1), csc=medicine)
        return feedback_in(self.DECEMBER, csc=medicine)

    def test_on_the_first_working_day_it_builds_last_months_trust_wide_pack(
        self, december_feedback, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            pack = request_last_months_pack(today=date(2021, 1, 4))
        pack.refresh_from_db()
        assert (pack.month, pack.csc, pack.version) == (self.DECEMBER, None, 1)
        assert pack.requested_by is None
        assert pack.status == PackStatus.READY
        assert pack.file == "board-packs/2020-12/board-pack-2020-12-trust-v1.pdf"

    @pytest.mark.parametrize(
        "today",
        [
            date(2021, 1, 1),  # New Year's Day, a bank holiday
            date(2021, 1, 2),  # the weekend
            date(2021, 1, 3),
            date(2021, 1, 5),  # the day after the first working day
            date(2021, 1, 31),
        ],
    )
    def test_on_any_other_day_it_does_nothing(self, december_feedback, today):
        assert request_last_months_pack(today=today) is None
        assert not BoardPack.objects.exists()

    def test_a_trust_closure_day_moves_it_to_the_next_working_day(self, december_feedback):
        ClosureDay.objects.create(date=date(2021, 1, 4), reason="Trust closed: flooding")
        assert request_last_months_pack(today=date(2021, 1, 4)) is None
        assert not BoardPack.objects.exists()
        pack = request_last_months_pack(today=date(2021, 1, 5))
        assert (pack.month, pack.csc, pack.version, pack.status) == (
            self.DECEMBER,
            None,
            1,
            PackStatus.QUEUED,
        )

    @pytest.mark.parametrize("status", [PackStatus.READY, PackStatus.QUEUED, PackStatus.BUILDING])
    def test_it_does_nothing_when_the_pack_is_built_or_being_built(self, december_feedback, status):
        if status == PackStatus.READY:
            ready_pack(self.DECEMBER)
        else:
            BoardPack.objects.create(
                month=self.DECEMBER, version=1, status=status, started_at=timezone.now()
            )
        assert request_last_months_pack(today=date(2021, 1, 4)) is None
        assert BoardPack.objects.count() == 1

    def test_after_a_failed_build_it_asks_again(self, december_feedback):
        BoardPack.objects.create(month=self.DECEMBER, version=1, status=PackStatus.FAILED)
        pack = request_last_months_pack(today=date(2021, 1, 4))
        assert (pack.version, pack.status) == (2, PackStatus.QUEUED)

    def test_a_csc_pack_of_the_month_does_not_count_as_the_trust_pack(
        self, december_feedback, medicine
    ):
        ready_pack(self.DECEMBER, medicine)
        pack = request_last_months_pack(today=date(2021, 1, 4))
        assert (pack.month, pack.csc, pack.version) == (self.DECEMBER, None, 1)

    def test_with_no_feedback_at_all_it_does_nothing(self, db):
        assert request_last_months_pack(today=date(2021, 1, 4)) is None
        assert not BoardPack.objects.exists()

    def test_january_2027(self, medicine, monkeypatch, django_capture_on_commit_callbacks):
        """The example of January 2027 itself. pack_request judges the month against the real
        clock (request_last_months_pack does not pass its ``today`` on), so the clock is set to
        6am on 4 January 2027, when Celery beat would run it."""
        moment = datetime(2027, 1, 4, 6, 0, tzinfo=LONDON)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        feedback_in(date(2026, 12, 1), csc=medicine)
        assert request_last_months_pack(today=date(2027, 1, 1)) is None
        assert request_last_months_pack(today=date(2027, 1, 5)) is None
        assert not BoardPack.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            pack = request_last_months_pack()  # today from the clock: 4 January 2027
        pack.refresh_from_db()
        assert (pack.month, pack.csc, pack.status) == (date(2026, 12, 1), None, PackStatus.READY)


# --- pack_download ---------------------------------------------------------------------------


class TestPackDownload:
    def test_a_download_is_recorded_and_the_file_given(self, board_member, medicine_manager):
        pack = ready_pack(content=b"%PDF-1.7 the board's copy")
        path = pack_download(pack=pack, by=board_member)
        assert path == pack_file(pack)
        assert path.read_bytes() == b"%PDF-1.7 the board's copy"
        pack_download(pack=pack, by=medicine_manager)
        downloads = PackDownload.objects.order_by("pk")
        assert [(d.pack, d.user) for d in downloads] == [
            (pack, board_member),
            (pack, medicine_manager),
        ]
        assert all(d.at is not None for d in downloads)

    @pytest.mark.parametrize(
        ("status", "words"),
        [
            (PackStatus.QUEUED, "queued"),
            (PackStatus.BUILDING, "building"),
            (PackStatus.FAILED, "failed"),
        ],
    )
    def test_a_pack_that_is_not_ready_is_refused(self, board_member, status, words):
        pack = BoardPack.objects.create(month=OCTOBER, version=1, status=status)
        with pytest.raises(PackError) as error:
            pack_download(pack=pack, by=board_member)
        assert error.value.messages == [f"This pack is {words}: it cannot be downloaded yet"]
        assert not PackDownload.objects.exists()

    def test_a_ready_pack_whose_file_is_missing_is_refused(self, board_member):
        pack = ready_pack()
        pack_file(pack).unlink()
        with pytest.raises(PackError) as error:
            pack_download(pack=pack, by=board_member)
        assert error.value.messages == [
            "The file of this pack cannot be found: ask for the pack to be rebuilt"
        ]
        assert not PackDownload.objects.exists()


# --- the build_board_pack command ------------------------------------------------------------


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("build_board_pack", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


class TestBuildBoardPackCommand:
    def test_builds_the_pack_and_prints_its_path_last(self, october_feedback, media):
        lines, err = run_command("--month", "2026-10")
        path = Path(lines[-1])
        assert path == media / "board-packs" / "2026-10" / "board-pack-2026-10-trust-v1.pdf"
        assert path.is_file()
        pack = BoardPack.objects.get()
        assert (pack.csc, pack.status, pack.requested_by) == (None, PackStatus.READY, None)
        assert sha256_of(path) == pack.sha256
        assert f"SHA-256 {pack.sha256}, {pack.size:,} bytes" in lines
        assert lines[0] == "Building Trust-wide board pack, October 2026 (version 1)…"
        assert err == ""

    def test_csc_builds_that_csc_s_pack(self, october_feedback, medicine, surgery):
        lines, _ = run_command("--month=2026-10", "--csc=MED")
        pack = BoardPack.objects.get()
        assert pack.csc == medicine
        assert pack.status == PackStatus.READY
        assert Path(lines[-1]).name == "board-pack-2026-10-med-v1.pdf"
        assert Path(lines[-1]).is_file()

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--month", "2026/10"],
                "Enter the month as YYYY-MM, for example 2026-10 (not “2026/10”)",
            ),
            (["--month", "2026-13"], "“2026-13” is not a month: the month number must be 01 to 12"),
            (
                ["--month", "2026-10", "--csc", "ent"],
                "There is no CSC with the code “ent” (the codes are: med, surg)",
            ),
        ],
    )
    def test_refusals_say_why(self, october_feedback, surgery, args, message):
        with pytest.raises(CommandError) as error:
            run_command(*args)
        assert str(error.value) == message
        assert not BoardPack.objects.exists()

    def test_a_month_that_has_not_ended_is_refused(self, october_feedback):
        this_month = timezone.localdate().replace(day=1)
        last = (this_month - timedelta(days=1)).replace(day=1)
        next_month = (this_month + timedelta(days=31)).replace(day=1)
        for month in (this_month, next_month):
            with pytest.raises(CommandError) as error:
                run_command("--month", f"{month:%Y-%m}")
            assert str(error.value) == (
                f"{month:%B %Y} has not ended yet: choose {last:%B %Y} or an earlier month"
            )
        assert not BoardPack.objects.exists()

    @pytest.mark.parametrize("status", [PackStatus.QUEUED, PackStatus.BUILDING])
    def test_while_a_build_is_active_it_refuses_to_build_twice(
        self, october_feedback, media, status
    ):
        active, _ = pack_request(month=OCTOBER, queue=False)
        BoardPack.objects.filter(pk=active.pk).update(status=status, started_at=timezone.now())
        active.refresh_from_db()
        with pytest.raises(CommandError) as error:
            run_command("--month", "2026-10")
        assert str(error.value) == (
            f"Trust-wide board pack, October 2026 (version 1) is already {status.label.lower()} "
            f"(asked for at {active.requested_at:%H:%M on %d %B %Y}): wait for it to finish "
            "rather than build it twice."
        )
        assert BoardPack.objects.count() == 1
        assert BoardPack.objects.get().status == status
        assert not media.exists() or not list(media.rglob("*.pdf"))

    def test_the_time_a_build_was_asked_for_is_the_trust_s_local_time(self, october_feedback):
        active, _ = pack_request(month=OCTOBER, queue=False)
        asked = datetime(2026, 7, 1, 11, 30, tzinfo=LONDON)  # BST: 10:30 UTC
        BoardPack.objects.filter(pk=active.pk).update(
            status=PackStatus.BUILDING, started_at=timezone.now(), requested_at=asked
        )
        with pytest.raises(CommandError) as error:
            run_command("--month", "2026-10")
        assert "(asked for at 11:30 on 01 July 2026)" in str(error.value)

    def test_a_failed_build_is_reported_as_an_error(self, october_feedback, tmp_path):
        pack_folder().mkdir(parents=True)
        (pack_folder() / "2026-10").symlink_to(tmp_path / "nowhere", target_is_directory=True)
        with pytest.raises(CommandError) as error:
            run_command("--month", "2026-10")
        assert str(error.value).startswith(
            "Trust-wide board pack, October 2026 (version 1) was not built. The build stopped: "
        )
        assert BoardPack.objects.get().status == PackStatus.FAILED
