"""Tracking pages. Thin: check the owner (through the selectors, so others' objects are 404),
validate the form, call one service, redirect."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from privacyreq.core.sessions import TRACKED_KEY, result_answers
from privacyreq.deadlines import days_left
from privacyreq.letters.answers import AnswersError
from privacyreq.letters.conditional import not_modified, revalidated
from privacyreq.letters.kinds import FOLLOW_UP_KINDS, kind_spec
from privacyreq.letters.letter_facts import ReferenceDataMissing
from privacyreq.letters.services import answers_validate, letters_draft
from privacyreq.tracking import attachments, selectors, services
from privacyreq.tracking.actions import follow_up_fitting, next_action
from privacyreq.tracking.escalation import escalation_check
from privacyreq.tracking.follow_ups import follow_up_check
from privacyreq.tracking.forms import (
    AttachmentForm,
    MarkSentForm,
    NoteForm,
    RecordForm,
    RedateForm,
)
from privacyreq.tracking.idempotency import AlreadyDone, draft_key
from privacyreq.tracking.reply_rules import SentBeforeDated
from privacyreq.tracking.transitions import Status, TransitionRefused, allowed_next
from privacyreq.tracking.uploads import UploadRefused


def _row(request_obj, today, *, follow_up_pending: bool | None = None):
    due = request_obj.next_due_on
    remaining = days_left(due, today=today) if due else None
    if follow_up_pending is None:
        # The dashboard's rows come annotated (``selectors.request_list``); one request's page
        # asks.
        follow_up_pending = getattr(request_obj, "follow_up_pending", None)
        if follow_up_pending is None:
            follow_up_pending = selectors.follow_up_pending(request=request_obj, today=today)
    return {
        "request": request_obj,
        # Who the request goes to: the authority for a complaint, otherwise the organisation.
        "recipient": (
            request_obj.authority.name
            if request_obj.kind == "complaint" and request_obj.authority
            else request_obj.case.controller_name
        ),
        "action": next_action(
            status=request_obj.status,
            outcome=request_obj.outcome,
            next_due_on=due,
            today=today,
            complaint_from=request_obj.complaint_from,
            follow_up=follow_up_fitting(
                kind=request_obj.kind,
                status=request_obj.status,
                outcome=request_obj.outcome,
                problems=bool(request_obj.reply_problems),
                overdue=due is not None and due < today,
            ),
            follow_up_pending=follow_up_pending,
        ),
        # A complaint drafted with the letters: the day it may go, a step of its own.
        "complaint_from": request_obj.complaint_from
        if request_obj.status == Status.COMPLAINT_DRAFTED
        else None,
        "days_left": remaining,
        "days_overdue": -remaining if remaining is not None and remaining < 0 else 0,
        "overdue": due is not None and due < today,
    }


@login_required
@require_GET
def dashboard(request):
    """The requests grouped by case (one run of the questionnaire, one organisation), the case
    with the most urgent request first; within a case, overdue first, then by due date. Pages
    hold ``TRACKING_PAGE_SIZE`` cases."""
    today = timezone.localdate()
    by_case: dict[int, list] = {}
    # One query (the selector's), whatever the number of requests: an account keeps at most
    # TRACKING_MAX_CASES cases.
    for item in selectors.request_list(owner=request.user, today=today):
        by_case.setdefault(item.case_id, []).append(item)
    page = Paginator(list(by_case.values()), per_page=settings.TRACKING_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    groups = [
        {"case": items[0].case, "rows": [_row(item, today) for item in items]} for items in page
    ]
    return render(
        request,
        "tracking/dashboard.html",
        {"page": page, "groups": groups, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def track(request):
    """Save the letters in this session under the user's account, once."""
    if request.method == "GET":
        return redirect("letters:result")
    tracked = request.session.get(TRACKED_KEY)
    if tracked and selectors.case_exists(owner=request.user, pk=tracked):
        return redirect("tracking:dashboard")
    results = result_answers(request.session)
    if not results:
        messages.info(request, _("There are no letters to save. Answer the questions first."))
        return redirect("letters:start")
    try:
        drafts = []
        for raw in results:
            answers = answers_validate(raw=raw, today=timezone.localdate())
            drafts.append((answers, letters_draft(answers=answers)))
    except (AnswersError, ReferenceDataMissing):
        messages.error(request, _("Your answers need checking again before they can be saved."))
        return redirect("letters:check")
    try:
        # The same letters saved twice (a double click, a second tab) are one case: the second
        # save finds the first's (case_create, under a lock). With several platforms, one case
        # for each: each organisation has its own deadline and history; saving again after the
        # case limit stopped it saves only those not saved yet.
        for answers, draft in drafts:
            case = services.case_create(
                owner=request.user,
                answers=answers,
                draft=draft,
                language=request.LANGUAGE_CODE,
                draft_key=draft_key(answers.to_json()),
            )
    except services.CaseLimitReached as error:
        messages.error(request, str(error))
        return redirect("letters:result")
    request.session[TRACKED_KEY] = case.pk
    messages.success(
        request,
        _(
            "Saved. Each letter is tracked below: send it, then record the date with “Mark as "
            "sent”."
        ),
    )
    return redirect("tracking:dashboard")


def form_attempt(form, service, **kwargs) -> bool:
    """Call a tracking service; a change the rules refuse becomes the form's error, shown in the
    error summary with what the user typed kept."""
    try:
        service(**kwargs)
    except TransitionRefused as error:
        form.add_error(None, str(error))
        return False
    return True


def _follow_ups_offered(request_obj, today) -> list[str]:
    """The follow-up letter that fits the request now (``follow_ups.follow_up_check``)."""
    offered = []
    for kind in FOLLOW_UP_KINDS:
        try:
            follow_up_check(request=request_obj, kind=kind, today=today)
        except TransitionRefused:
            continue
        offered.append(kind)
    # A reply with recorded problems is answered point by point: the reply letter, not a
    # reminder that would ignore them.
    return ["reply"] if "reply" in offered else offered


def _escalatable(request_obj, today) -> bool:
    try:
        escalation_check(request=request_obj, today=today)
    except TransitionRefused:
        return False
    return True


def _detail_context(request_obj, **forms):
    today = timezone.localdate()
    state = services.request_state(request_obj)
    return {
        "row": _row(request_obj, today),
        "item": request_obj,
        # In the order things happened, whatever order they were recorded in; the letter's own
        # drafting (and re-dating) first, as it came before everything it led to.
        "events": sorted(
            request_obj.events.all(),
            key=lambda event: (event.status != Status.DRAFT, event.happened_on, event.recorded_at),
        ),
        "follow_ups_offered": _follow_ups_offered(request_obj, today),
        "follow_ups": list(request_obj.follow_ups.order_by("id")),
        "is_follow_up": request_obj.kind in FOLLOW_UP_KINDS,
        # Escalation stays open next to a proposed follow-up (the user may complain at once).
        "can_escalate": _escalatable(request_obj, today),
        "arrival_assumed": any(
            event.details.get("received_assumed")
            for event in request_obj.events.all()
            if event.status == Status.SENT
        ),
        "allowed": allowed_next(state),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "today": today,
    }


@login_required
@require_GET
def request_detail(request, pk: int):
    item = selectors.request_detail_get(owner=request.user, pk=pk)
    return render(request, "tracking/request_detail.html", _detail_context(item))


@login_required
@require_http_methods(["GET", "POST"])
def mark_sent(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    if item.status != Status.DRAFT:
        messages.info(request, _("This request is already marked as sent."))
        return redirect("tracking:request", pk=item.pk)
    form = MarkSentForm(
        request.POST if request.method == "POST" else None,
        initial={"sent_on": timezone.localdate()},
    )
    redate_form = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_mark_sent(
                request=item,
                sent_on=data["sent_on"],
                channel=data["channel"],
                reference=data["reference"],
                received_on=data["received_on"],
                note=data["note"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except AlreadyDone as done:
            # A double submit: the first one marked it sent; this one wrote nothing.
            messages.info(request, str(done))
            return redirect("tracking:request", pk=item.pk)
        except SentBeforeDated as error:
            if item.kind != "complaint":
                redate_form = RedateForm(initial={"on": data["sent_on"]})
            form.add_error("sent_on", str(error))
        except TransitionRefused as error:
            form.add_error(None, str(error))
        else:
            assert item.due_on is not None  # request_mark_sent has just set it
            messages.success(
                request,
                _("Marked as sent. The answer is due by %(due)s.")
                % {"due": date_format(item.due_on, "DATE_FORMAT")},
            )
            return redirect("tracking:request", pk=item.pk)
    return render(
        request,
        "tracking/mark_sent.html",
        {"item": item, "form": form, "redate_form": redate_form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    allowed = allowed_next(services.request_state(item))
    initial = {"on": timezone.localdate()}
    if request.GET.get("status") in allowed:
        initial["status"] = request.GET["status"]
    form = RecordForm(
        request.POST if request.method == "POST" else None, allowed=allowed, initial=initial
    )
    status_field = form.fields["status"]
    assert isinstance(status_field, forms.ChoiceField)  # RecordForm declares it a ChoiceField
    if not status_field.choices:
        messages.info(request, _("There is nothing to record for this request now."))
        return redirect("tracking:request", pk=item.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if form_attempt(
            form,
            services.request_record,
            request=item,
            status=data["status"],
            on=data["on"],
            outcome=data["outcome"],
            reference=data["reference"],
            note=data["note"],
            problems=data["problems"],
            access_missing=data["access_missing"],
            actor=request.user,
            today=timezone.localdate(),
        ):
            messages.success(
                request,
                # Translators: %(status)s is the request's new status ("Acknowledged", "Closed").
                _("Recorded: %(status)s.") % {"status": item.get_status_display()},
            )
            return redirect("tracking:request", pk=item.pk)
    return render(request, "tracking/record.html", {"item": item, "form": form})


@login_required
@require_POST
def attach(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Read one byte past the limit: enough to refuse, never the whole of a huge file.
            data = upload.read(settings.TRACKING_UPLOAD_MAX_BYTES + 1)
            attachments.attachment_add(
                request=item, data=data, name=upload.name, note=form.cleaned_data["note"]
            )
        except UploadRefused as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("The file is attached."))
            return redirect(reverse("tracking:request", args=[item.pk]) + "#attachments")
    item = selectors.request_detail_get(owner=request.user, pk=pk)
    return render(
        request,
        "tracking/request_detail.html",
        _detail_context(item, attachment_form=form),
        status=400,
    )


@login_required
@require_POST
def note(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(request=item, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
        return redirect(reverse("tracking:request", args=[item.pk]) + "#notes")
    item = selectors.request_detail_get(owner=request.user, pk=pk)
    return render(
        request,
        "tracking/request_detail.html",
        _detail_context(item, note_form=form),
        status=400,
    )


def _private_file(field, *, filename: str, content_type: str, etag: str = "") -> HttpResponseBase:
    """A stored file, as a download. With ``etag`` the browser may keep it and revalidate
    (letters/conditional.py); without one it could never revalidate, so it keeps nothing."""
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    if etag:
        return revalidated(response, etag=etag)
    response["Cache-Control"] = "no-store, private"
    return response


def _document_download_name(document) -> str:
    """The name the questionnaire's download of this letter had: privacyreq-<platform>-<document>-
    <date it bears>.pdf. Documents kept before their date was stored take their case's answers'
    date, and failing that the day they were kept."""
    case = document.case
    organisation = case.platform.slug if case.platform else case.controller_name
    day = document.dated
    if day is None:
        try:
            day = dt.date.fromisoformat(str(case.answers.get("date", "")))
        except ValueError:
            day = timezone.localdate(document.created_at)
    return kind_spec(document.kind).download_name("pdf", organisation=organisation, day=day)


@login_required
@require_GET
def document_pdf(request, pk: int):
    document = selectors.document_get(owner=request.user, pk=pk)
    # A stored letter never changes and its sha256 is that of the stored bytes: a browser that
    # has it gets a 304, checked after the owner and before the file is opened.
    unchanged = not_modified(request, etag=document.sha256)
    if unchanged is not None:
        return unchanged
    return _private_file(
        document.pdf,
        filename=_document_download_name(document),
        content_type="application/pdf",
        etag=document.sha256,
    )


@login_required
@require_GET
def attachment_download(request, pk: int):
    attachment = selectors.attachment_get(owner=request.user, pk=pk)
    return _private_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
