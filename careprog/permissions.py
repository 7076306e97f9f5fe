"""The one place that says who may do what, and which records each user may see.

Rules are django-rules predicates, checked with ``user.has_perm(name, obj)`` in views and
templates. Scoping is ``scope_to_cscs``, which every ``visible_to(user)`` QuerySet method calls,
so a CSC manager's lists start from their own CSCs and objects elsewhere answer 404.
"""

import rules
from django.db.models import QuerySet

from careprog.roles import Role


@rules.predicate
def is_pals_officer(user):
    return user.is_authenticated and user.has_role(Role.PALS_OFFICER)


@rules.predicate
def is_csc_manager(user):
    return user.is_authenticated and user.has_role(Role.CSC_MANAGER)


@rules.predicate
def is_board_member(user):
    return user.is_authenticated and user.has_role(Role.BOARD_MEMBER)


@rules.predicate
def is_awards_panel_member(user):
    return user.is_authenticated and user.has_role(Role.AWARDS_PANEL_MEMBER)


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and user.has_role(Role.ADMINISTRATOR)


# Roles that work across the whole trust and so see every CSC's records.
is_trust_wide = is_pals_officer | is_administrator


def sees_every_csc(user) -> bool:
    return bool(is_trust_wide(user))


def scope_to_cscs(
    queryset: QuerySet, user, *, csc_field: str, non_identifiable: bool = False
) -> QuerySet:
    """Narrow a queryset of CSC-owned records to those the user may see.

    PALS officers and administrators see every CSC; CSC managers see the CSCs they manage;
    everyone else sees nothing. ``csc_field`` is the lookup from the model to its CSC
    ("csc", "case__csc", or "pk" for the CSC model itself).

    ``non_identifiable=True`` marks records that hold no patient-identifiable data (a CSC's
    standards checklist, say): board members read those across the whole trust too.
    """
    if not user.is_authenticated:
        return queryset.none()
    if sees_every_csc(user) or (non_identifiable and is_board_member(user)):
        return queryset
    if is_csc_manager(user):
        return queryset.filter(**{f"{csc_field}__in": user.managed_csc_ids})
    return queryset.none()


@rules.predicate
def manages_csc(user, csc):
    return csc is not None and csc.pk in user.managed_csc_ids


# Named permissions. Each app adds its own here, so this file stays the one to read.
rules.add_perm("careprog.view_csc_workspace", is_trust_wide | (is_csc_manager & manages_csc))
rules.add_perm("careprog.view_staff_directory", is_trust_wide | is_csc_manager)
# Everyone picks colleagues (to thank or nominate them): the type-ahead shows names, jobs, CSCs.
rules.add_perm("careprog.pick_staff", rules.is_authenticated)
rules.add_perm("careprog.use_admin_site", is_administrator)
rules.add_perm("careprog.view_healthz_detail", is_administrator)


@rules.predicate
def manages_item_csc(user, item):
    """The user manages the CSC that a CSC-owned record (feedback item, checklist...) is about."""
    return item is not None and item.csc_id in user.managed_csc_ids


# Feedback. Item pages are reached through FeedbackItem.objects.visible_to(user), so these rules
# say what a user may *do* with an item they can already see.
rules.add_perm("feedback.use_register", is_trust_wide | is_csc_manager)
rules.add_perm("feedback.log_item", is_trust_wide)
rules.add_perm("feedback.edit_item", is_trust_wide)
rules.add_perm("feedback.run_process", is_trust_wide)
# The CSC investigates a complaint: its manager records the findings and marks the draft done.
rules.add_perm("feedback.investigate", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.sign_off_response", is_administrator | (is_csc_manager & manages_item_csc))
rules.add_perm(
    "feedback.add_investigation_note", is_trust_wide | (is_csc_manager & manages_item_csc)
)
rules.add_perm("feedback.manage_learning", is_trust_wide | (is_csc_manager & manages_item_csc))
# A case's documents (the letter, consent forms, statements, the response) are for those who
# run the case: never the board or an awards panel, who see no item anyway.
rules.add_perm("feedback.view_documents", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.add_document", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.supersede_document", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.export", is_trust_wide | is_csc_manager)
# Who handles a case day to day: the complaints team for any item, a manager for their CSC's.
rules.add_perm("feedback.assign_case_handler", is_trust_wide | (is_csc_manager & manages_item_csc))
# The NHS Complaint Standards. Anyone running the case may resolve it early, give an update,
# produce its letters; the complaints team clarifies the issues; the CSC investigates each one.
rules.add_perm("feedback.resolve_early", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.clarify_complaint", is_trust_wide)
rules.add_perm("feedback.give_update", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.produce_letters", is_trust_wide | (is_csc_manager & manages_item_csc))
rules.add_perm("feedback.edit_letter_templates", is_administrator)
rules.add_perm("feedback.record_survey", is_trust_wide)
# Staff complained about: only PALS officers and the manager of the item's CSC (the Standards'
# "tell staff early, let them comment, support them"); never the board, another CSC, or an
# administrator browsing the register. Every view is recorded in the item's timeline.
rules.add_perm(
    "feedback.view_staff_involved", is_pals_officer | (is_csc_manager & manages_item_csc)
)
rules.add_perm(
    "feedback.manage_staff_involved", is_pals_officer | (is_csc_manager & manages_item_csc)
)
# Standards checklists. Assessments are reached through Assessment.objects.visible_to(user),
# which lets board members read every CSC's (they hold no patient-identifiable data).
rules.add_perm("standards.use_checklists", is_trust_wide | is_csc_manager | is_board_member)
rules.add_perm("standards.start_assessment", is_administrator | (is_csc_manager & manages_csc))
rules.add_perm("standards.edit_assessment", is_administrator | (is_csc_manager & manages_item_csc))
# Withdrawing evidence kept in error (after sign-off too) is for administrators.
rules.add_perm("standards.withdraw_evidence", is_administrator)
# Evidence files may hold anything a ward keeps (letters, audits, photographs): not for the board.
rules.add_perm("standards.open_evidence", is_trust_wide | (is_csc_manager & manages_item_csc))
# A linked feedback item's summary and page are patient-facing records: the board sees only its
# reference and KO41a subjects. Checked against the assessment: someone who is both a board
# member and a CSC manager sees item details only for the CSCs they manage.
rules.add_perm(
    "standards.see_linked_item_details", is_trust_wide | (is_csc_manager & manages_item_csc)
)


# Recognition. Anyone on staff may thank a colleague and nominate; a round's panel scores it and
# its chair shortlists and picks the winners.
@rules.predicate
def on_round_panel(user, award_round):
    if award_round is None or not user.is_authenticated:
        return False
    return award_round.chair_id == user.pk or award_round.panel.filter(pk=user.pk).exists()


@rules.predicate
def chairs_round(user, award_round):
    return award_round is not None and award_round.chair_id == user.pk


rules.add_perm("recognition.use_recognition", rules.is_authenticated)
rules.add_perm("recognition.score_nominations", is_awards_panel_member)
rules.add_perm("recognition.nominate_on_behalf", is_pals_officer | is_administrator)
rules.add_perm("recognition.hide_thank_you", is_administrator)
rules.add_perm("recognition.manage_awards", is_administrator)
rules.add_perm("recognition.see_anonymous_sender", is_administrator)
rules.add_perm("recognition.score_round", on_round_panel)
rules.add_perm("recognition.chair_round", chairs_round)
rules.add_perm("recognition.record_consent", is_administrator | chairs_round)
# A patient or member of the public who nominated gave their contact details to PALS, not to
# the panel.
rules.add_perm("recognition.see_nominator_contact", is_administrator | is_pals_officer)
# Reports. Board packs and the dashboard hold no patient-identifiable data. A CSC manager reads
# the trust-wide packs and their own CSCs' (BoardPack.objects.visible_to), and asks for their
# own CSCs' packs; the board and the trust-wide roles ask for any.
rules.add_perm("reports.read_board_packs", is_board_member | is_trust_wide | is_csc_manager)
rules.add_perm("reports.request_any_board_pack", is_board_member | is_trust_wide)
rules.add_perm(
    "reports.request_board_pack",
    is_board_member | is_trust_wide | (is_csc_manager & manages_csc),
)
rules.add_perm("reports.view_dashboard", is_board_member | is_trust_wide | is_csc_manager)
rules.add_perm("reports.set_targets", is_administrator)
# The annual complaints report (Regulation 18) holds no patient-identifiable data.
rules.add_perm("reports.read_annual_report", is_pals_officer | is_administrator | is_board_member)
# The KO41a return is worked out from the register's records: for the complaints team.
rules.add_perm("reports.export_ko41a", is_trust_wide)
