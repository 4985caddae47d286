"""The dialogue: start a form from a routed request, ask one question at a time, take corrections, and write
only on Confirm (a conditional update on the conversation's version, so a stale card or a double click never
writes)."""

from __future__ import annotations

import copy
import logging
import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_territory_currencies
from rapidfuzz import fuzz, process

import bot.dialogue.messages  # noqa: F401  (registers the texts)
from bot.dialogue import state
from bot.dialogue.cards import (
    CANCEL,
    CONFIRM,
    EDIT,
    TEXT_LIMIT,
    edit_modal,
    modal_block_of,
    preview_card,
    preview_text,
    settled_card,
)
from bot.dialogue.reading import dates_read, labelled_text
from bot.dialogue.words import fold, is_agreement, is_correction
from bot.nlu.catalog import SLOTS_BY_INTENT, fix_key_words
from db.models import Conversation, ConversationStatus
from skills.common.extract import Prefer
from skills.common.extract.items import has_item_frame, item_answer
from skills.common.extract.money import MoneyParseFailure, extract_money
from skills.common.extract.slots import DEFAULT_SLOT_NAMES, extract_slots
from skills.core import Action, Context, Reply, SharedFile, SkillRegistry
from skills.errors import DomainError
from skills.forms import SLOT_KEYS, Form, Slot, SlotKind, Slots
from skills.i18n import LANGUAGES, normalise_language, translate

log = logging.getLogger(__name__)

CHOICE_SCORE = 80.0
"""Lowest rapidfuzz ratio (0-100) for a misspelt answer to count as one of a question's choices."""
SHORT_ANSWER_WORDS = 3
"""A message of at most this many words that fills the pending question is its answer, whatever else it resembles."""
WORDS = re.compile(r"[^\W\d_]{2,}")
"""Two letters in a row: what a free-text answer (a reason, a description) needs to say anything."""
CURRENCY_SIGN = re.compile(r"[$€£¥]")
"""What makes a wordless answer an amount ("90 €"); a bare "3" is none."""
HELD = "_held"
"""Slot-dict key of the values a rule refused, kept aside until the user changes them or something else."""
UNREADABLE_SLOT = {"date": "dialogue.unreadable.date", "money": "dialogue.unreadable.money"}
DATE_KINDS = (SlotKind.DATE, SlotKind.DATE_RANGE)
MINUS_SIGNS = ("-", "\u2212", "\u2013")
"""What a negative amount typed in the edit modal starts with: a hyphen, the minus sign, an en dash."""
CONFIRMING = "confirm"
"""``Conversation.awaiting`` while a preview waits for Confirm."""
FIXING = "fix"
"""``Conversation.awaiting`` after a rule refused the values and no single slot is to blame."""
SLOTS_READ = "dialogue.slots_read"
"""Key in the unit of work's ``session.info`` of what the extractors read in each text (see :func:`read_slots`)."""
RESTATED_VALUES = 2
"""How many values the form holds a free-text answer must say differently to read as another request: one alone may
be a figure a reason mentions ("the limit is 50 € but we were four")."""


def company_currency(country: str) -> str:
    """The currency of the employee's country (``ES`` → EUR, ``US`` → USD), USD if unknown."""
    try:
        currencies = get_territory_currencies(country.split("-")[0].upper())
    except Exception:
        return "USD"
    return currencies[0] if currencies else "USD"


def _same_value(said: Any, held: Any) -> bool:
    """Whether two slot values are the same ("80" and "80.00" are; "travel" and "meals" are not)."""
    try:
        return Decimal(str(said)) == Decimal(str(held))
    except InvalidOperation:
        return fold(str(said)).strip() == fold(str(held)).strip()


def _changes(update: Slots, held: Slots, key: str) -> bool:
    """Whether ``update`` gives ``key`` a value other than the one held (not a first value, nor the same again)."""
    return (key in update and update[key] not in (None, "") and held.get(key) not in (None, "")
            and not _same_value(update[key], held[key]))  # fmt: skip


def found_any(found: dict[str, Any], form: Form) -> bool:
    """Whether the extractors found a value for one of the form's slots."""
    return any(key in found for key in form.slot_keys())


def read_slots(context: Context, text: str, intent: str | None = None, *, as_intent: bool = False) -> dict[str, Any]:
    """Every slot the deterministic extractors find in ``text``, for this employee's date and currency.

    Read once per text and unit of work: deciding whether a message answers the question, fills a slot, and then
    taking it as the answer all read the same words. For an ``intent`` about something already done (its slots
    name ``past``), a date without a year or a weekday is the last one, as the router reads it. With ``as_intent``
    the intent's own extractors run too ("saca" is a stock issue only to ``stock.adjust``'s).
    """
    employee = context.employee
    prefer: Prefer | None = "past" if "past" in SLOTS_BY_INTENT.get(intent or "", ()) else None
    only = (*DEFAULT_SLOT_NAMES, *SLOTS_BY_INTENT.get(intent or "", ())) if as_intent else None
    key = (text, context.today, employee.locale, employee.timezone, employee.country, prefer, only)
    read: dict[tuple[Any, ...], dict[str, Any]] = context.session.info.setdefault(SLOTS_READ, {})
    if key not in read:
        read[key] = extract_slots(
            text,
            today=context.today,
            locale=employee.locale,
            timezone=employee.timezone,
            default_currency=company_currency(employee.country),
            prefer=prefer,
            only=only,
        )
    return copy.deepcopy(read[key])  # callers take things out of what they get


class Dialogue:
    """Drives every form the skills declared; front-end neutral, one database session per call."""

    def __init__(self, registry: SkillRegistry, idle: timedelta) -> None:
        self.registry = registry
        self.idle = idle

    # ----- conversations in a thread ---------------------------------------------------------------------

    def current(self, context: Context) -> Conversation | None:
        """The open conversation in this thread, if any (an idle one is expired first)."""
        return state.current(context.session, context.thread_key, context.employee.id, context.now)

    def begin(self, context: Context, form: Form, skill: str, slots: dict[str, Any], text: str = "") -> list[Reply]:
        """Open a conversation for ``form`` with the slots the router found in ``text``, and take the next step.

        A value the extractors could not read is named ("I couldn't read '31/02' as a date"), a labelled free text
        ("reason: family trip") fills its slot, and interpreted dates are said back ("I read “next Friday” as Fri,
        Dec 11.").
        """
        conversation = state.start(
            context.session,
            thread_key=context.thread_key,
            employee_id=context.employee.id,
            skill=skill,
            intent=form.intent,
            slots={},
            lang=context.lang,
            now=context.now,
            idle=self.idle,
        )
        rest, labelled = labelled_text(form, text)
        useful = {key: value for key, value in slots.items() if key in form.slot_keys()} | labelled
        errors = [e for e in slots.get("errors") or [] if self._concerns(form, e["slot"])]
        notes = [self._unreadable(context, errors[0])] if errors else []
        echo = self._dates_read(context, rest, useful)
        read_file = form.on_file
        for file in context.files:  # a file sent with the very words that start the form
            if read_file is None:
                break
            try:
                useful |= read_file(context, useful, file)
            except DomainError as error:
                notes.append(error.message(context.lang))
        return self._advance(context, conversation, form, useful, notes, echo)

    def awaits_confirmation(self, conversation: Conversation) -> bool:
        """Whether the conversation shows a preview (or a refusal) and waits for a button or a correction."""
        return conversation.awaiting in (CONFIRMING, FIXING)

    def fills_a_slot(self, context: Context, conversation: Conversation, text: str) -> bool:
        """Whether ``text`` gives a value for one of the form's slots (so it continues, not starts anew)."""
        form = self.registry.form(conversation.intent)
        if form is None:
            return False
        # Only a label ("reason: …") ties a message to this form: another request that says why ("… because …") at a
        # preview is that request, not a new reason for the one on show.
        rest, labelled = labelled_text(form, fix_key_words(text), because_clause=False)
        found = read_slots(context, rest, conversation.intent)
        return bool(labelled) or bool(found.get("errors")) or any(key in found for key in form.slot_keys())

    def restates_differently(self, context: Context, conversation: Conversation, text: str) -> bool:
        """Whether ``text`` says at least two values the form already holds, each differently ("taxi today 35 €"
        while a dinner of 80 € yesterday waits for its reason): another request of the same kind, not an answer."""
        form = self.registry.form(conversation.intent)
        if form is None:
            return False
        found = read_slots(context, fix_key_words(text), conversation.intent)
        held = conversation.slots
        differing = [
            key
            for key in form.slot_keys()
            if found.get(key) not in (None, "") and held.get(key) not in (None, "")
            and not _same_value(found[key], held[key])
        ]  # fmt: skip
        return len(differing) >= RESTATED_VALUES

    def _awaited(self, conversation: Conversation) -> Slot | None:
        """The slot the conversation's pending question asks for (None at a preview, or for an unknown form)."""
        form = self.registry.form(conversation.intent)
        return form.slot(conversation.awaiting or "") if form is not None else None

    def takes_any_text(self, conversation: Conversation) -> bool:
        """Whether the pending question is a free text (a reason, a description) that any message answers."""
        awaited = self._awaited(conversation)
        return awaited is not None and awaited.kind is SlotKind.TEXT

    def is_short_answer(self, context: Context, conversation: Conversation, text: str) -> bool:
        """Whether ``text`` is a few words that answer the pending question ("sick", "Dec 14-16", "2").

        A question ("¿cuántos quedan en Madrid?", "120 euros enough?") is never one, even when it holds a value the
        question asks for: the router decides whether it is asked in the middle of the form.
        """
        awaited = self._awaited(conversation)
        if awaited is None or awaited.kind is SlotKind.TEXT or len(text.split()) > SHORT_ANSWER_WORDS:
            return False  # a free-text question takes anything: only the router can tell a question from it
        if text.strip().endswith("?") or text.strip().startswith("¿"):
            return False
        fixed = fix_key_words(text)
        found = read_slots(context, fixed, conversation.intent)
        # Any few words can be a name: "my balance" to "Which item?" is a question when the router is sure of it.
        read = self._read_awaited(context, awaited, fixed) if awaited.kind is not SlotKind.ITEM else {}
        return awaited.is_filled(read or found)

    def answer(self, context: Context, conversation: Conversation, text: str) -> list[Reply]:
        """Use a message as the answer to the pending question, or as a correction of any slot."""
        form = self.registry.form(conversation.intent)
        if form is None:
            state.close(context.session, conversation, ConversationStatus.CANCELLED)
            return [Reply(text=translate(context.lang, "bot.not_understood"))]
        text, labelled = labelled_text(form, fix_key_words(text))
        found = read_slots(context, text, conversation.intent)
        errors = [e for e in found.pop("errors", []) if self._concerns(form, e["slot"])]
        awaited = form.slot(conversation.awaiting or "")
        update = {key: value for key, value in found.items() if key in form.slot_keys()} | labelled
        # What rides with a value is read by the intent's own extractors ("mejor 150 km" at a mileage claim, "en
        # realidad era kilometraje, 120 km"); a whole sentence at the preview restates the request, so what only
        # they read changes too (a verb saying which way things move), not just what the shared ones read.
        whole = awaited is None and len(text.split()) > SHORT_ANSWER_WORDS
        if whole or ((awaited is None or is_correction(text)) and form.extra_keys()):
            said = read_slots(context, text, conversation.intent, as_intent=True)
            wanted = form.slot_keys() if whole else form.extra_keys()
            update = {key: value for key, value in said.items() if key in wanted} | update
        # "3" or "?" is no reason, so it is not taken as one: "90 €" changes the amount, anything else is asked again.
        wordless = awaited is not None and awaited.kind is SlotKind.TEXT and not labelled and not WORDS.search(text)
        if wordless and not CURRENCY_SIGN.search(text):  # a bare "3" is not an amount either
            update = {key: value for key, value in update.items() if key not in SLOT_KEYS[SlotKind.MONEY]}
        if wordless and not update:
            return [Reply(text=f"{translate(context.lang, 'dialogue.needs_words')} {self._question(context, awaited)}")]
        if (awaited is not None and not wordless and not is_correction(text)
                and not (labelled and not found_any(found, form))):  # fmt: skip
            riders = form.extra_keys()
            answer = (labelled if awaited.name in labelled else self._read_awaited(context, awaited, text)) or {
                key: value for key, value in update.items() if key in awaited.keys or key in riders
            }
            if awaited.is_filled(answer):
                # An answer to the question: a bare "2" is the choice, not also an amount. A whole sentence that
                # restates the request ("saca 5 pares de guantes" to "which item?") also changes what else it says.
                restated = awaited.kind is not SlotKind.TEXT and len(text.split()) > SHORT_ANSWER_WORDS
                if awaited.kind is SlotKind.ITEM:  # "HDMI cable 2 m" is a name; "saca 5 guantes" a request
                    restated = restated and has_item_frame(text)
                if restated:
                    said = read_slots(context, text, conversation.intent, as_intent=True)
                    update = {key: value for key, value in said.items() if key in form.slot_keys()} | update | answer
                else:
                    update = answer
        if errors:
            problem = self._unreadable(context, errors[0])
            return [Reply(text=f"{problem} {self._question(context, awaited or form.missing(conversation.slots))}")]
        if not update:
            if awaited is None and is_agreement(text):  # a typed "yes" never writes: the card's button does
                if conversation.awaiting == FIXING:  # a refusal shows no Confirm: it waits for a change
                    return [Reply(text=translate(context.lang, "dialogue.edit_prompt"))]
                return [Reply(text=translate(context.lang, "dialogue.press_confirm"))]
            question = self._question(context, awaited) if awaited else translate(context.lang, "dialogue.edit_prompt")
            return [Reply(text=f"{translate(context.lang, 'dialogue.unreadable.other')} {question}")]
        echo = self._dates_read(context, text, update)
        return self._advance(context, conversation, form, self._merge(form, conversation.slots, update), [], echo)

    def repeat(self, context: Context, conversation: Conversation) -> str:
        """The conversation's pending question again (after answering something else asked in the middle)."""
        awaited = self._awaited(conversation)
        question = (
            self._question(context, awaited)
            if awaited is not None
            else translate(context.lang, "dialogue.still_to_confirm")
        )
        intent = translate(context.lang, f"intent.{conversation.intent}")
        return translate(context.lang, "dialogue.back_to_form", intent=intent, asked=question)

    def answer_file(self, context: Context, conversation: Conversation, file: SharedFile) -> list[Reply] | None:
        """A file shared in the conversation's thread: its form reads it into slots (None: the form takes none)."""
        form = self.registry.form(conversation.intent)
        if form is None or form.on_file is None:
            return None
        try:
            update = form.on_file(context, conversation.slots, file)
        except DomainError as error:
            return [Reply(text=error.message(context.lang))]
        return self._advance(context, conversation, form, {**conversation.slots, **update}, [])

    def cancel(self, context: Context, conversation: Conversation) -> list[Reply]:
        """Drop the conversation in progress because the user said so."""
        state.close(context.session, conversation, ConversationStatus.CANCELLED)
        return [Reply(text=translate(context.lang, "dialogue.cancelled"))]

    def set_aside(self, context: Context, conversation: Conversation) -> str:
        """Close a conversation the user moved on from; the note to show them."""
        state.close(context.session, conversation, ConversationStatus.CANCELLED)
        return translate(
            context.lang, "dialogue.dropped", intent=translate(context.lang, f"intent.{conversation.intent}")
        )

    # ----- buttons and the edit modal --------------------------------------------------------------------

    def register_actions(self) -> None:
        """Route the preview card's buttons to this dialogue."""
        self.registry.on_action(CONFIRM, self.confirm)
        self.registry.on_action(EDIT, self.edit)
        self.registry.on_action(CANCEL, self.cancel_card)

    def confirm(self, context: Context, action: Action) -> list[Reply]:
        """Write the previewed request: exactly once, only at the version the card showed."""
        found = self._card(context, action)
        if isinstance(found, list):
            return found
        conversation, form, version = found
        preview = form.preview(context, conversation.slots)  # the rules are checked again right before writing
        if not state.close(context.session, conversation, ConversationStatus.DONE, version):
            return [Reply(text=translate(context.lang, "dialogue.already_confirmed"), ephemeral=True)]
        replies = form.commit(context, conversation.slots)
        settled = settled_card(preview, translate(context.lang, "dialogue.confirmed"))
        return [Reply(text=preview_text(preview), blocks=settled, replace_original=True), *replies]

    def cancel_card(self, context: Context, action: Action) -> list[Reply]:
        """Cancel from the card's button; nothing is written."""
        found = self._card(context, action)
        if isinstance(found, list):
            return found
        conversation, form, version = found
        if not state.close(context.session, conversation, ConversationStatus.CANCELLED, version):
            return [Reply(text=translate(context.lang, "dialogue.already_confirmed"), ephemeral=True)]
        outcome = translate(context.lang, "dialogue.cancelled_card")
        try:
            blocks = settled_card(form.preview(context, conversation.slots), outcome)
        except DomainError:
            blocks = None
        return [Reply(text=outcome, blocks=blocks, replace_original=True)]

    def edit(self, context: Context, action: Action) -> list[Reply]:
        """Open the modal pre-filled with the slots (Slack), or ask what to change (terminal)."""
        found = self._card(context, action)
        if isinstance(found, list):
            return found
        conversation, form, _ = found
        if context.via != "slack":
            return [Reply(text=translate(context.lang, "dialogue.edit_prompt"))]
        metadata = {"conversation": conversation.id, "version": conversation.version}
        modal = edit_modal(context.lang, form, conversation.slots, metadata)
        return [Reply(text=translate(context.lang, "dialogue.edit_prompt"), modal=modal, ephemeral=True)]

    def submit_edit(
        self, context: Context, values: dict[str, str], metadata: dict[str, Any]
    ) -> tuple[dict[str, str], list[Reply]]:
        """Apply the edit modal: field errors to show in the modal, or the new preview to post."""
        conversation = context.session.get(Conversation, int(metadata.get("conversation", 0)))
        if conversation is None or conversation.employee_id != context.employee.id:
            return {}, [Reply(text=translate(context.lang, "dialogue.not_yours"), ephemeral=True)]
        context.lang = normalise_language(conversation.lang)  # the modal answers in the conversation's language
        if conversation.status != ConversationStatus.OPEN or conversation.expires_at <= context.now:
            return {}, [Reply(text=self._closed_text(context, conversation), ephemeral=True)]
        form = self.registry.form(conversation.intent)
        if form is None:
            return {}, []
        update, errors = self._modal_slots(context, form, values)
        slots = {**conversation.slots, **update}
        errors = errors or self._modal_refusal(context, form, slots)
        if errors:
            return errors, []  # shown in the modal, which stays open; the conversation and its card are unchanged
        if conversation.awaiting == CONFIRMING and slots == conversation.slots:
            return {}, []  # saved unchanged, or submitted twice: the card on show is still right, and still live
        return {}, self._advance(context, conversation, form, slots, [])

    def _modal_refusal(self, context: Context, form: Form, slots: Slots) -> dict[str, str]:
        """The rule the modal's values break, as an error under the input to change; empty when they pass, or when
        no input of the modal can fix it (the thread then says why, as for a typed change)."""
        slots = {key: value for key, value in slots.items() if key != HELD}
        if form.normalise is not None:
            slots = form.normalise(context, slots)
        if form.missing(slots) is not None:
            return {}
        try:
            form.preview(context, slots)
        except DomainError as error:
            slot = form.slot(error.blamed_slot or "")
            if slot is None or error.ends_conversation:
                return {}
            return {modal_block_of(slot): error.message(context.lang)}
        return {}

    # ----- steps ------------------------------------------------------------------------------------------

    def _advance(
        self,
        context: Context,
        conversation: Conversation,
        form: Form,
        slots: Slots,
        notes: list[str],
        echo: str | None = None,
    ) -> list[Reply]:
        """Ask for the next missing slot, or preview; ``notes`` (what could not be read) and the dates ``echo`` first."""
        slots = {key: value for key, value in slots.items() if key != HELD}
        if form.normalise is not None:
            slots = form.normalise(context, slots)
        before = [*notes, echo] if echo else notes
        if form.check_early is not None:
            try:
                form.check_early(context, slots)
            except DomainError as error:
                return self._rejected(context, conversation, form, slots, error, before)
        missing = form.missing(slots)
        if missing is not None:
            state.save(conversation, slots=slots, awaiting=missing.name, now=context.now, idle=self.idle)
            return [Reply(text=" ".join([*before, self._question(context, missing)]))]
        try:
            preview = form.preview(context, slots)
        except DomainError as error:
            return self._rejected(context, conversation, form, slots, error, before)
        state.save(conversation, slots=slots, awaiting=CONFIRMING, now=context.now, idle=self.idle)
        blocks = preview_card(context.lang, preview, conversation.id, conversation.version, before)
        text = "\n".join([*before, preview_text(preview)])
        return [Reply(text=text, blocks=blocks)]

    def _merge(self, form: Form, slots: Slots, update: Slots) -> Slots:
        """The conversation's slots with ``update``; values a rule refused come back when another slot changes.

        "make it a personal day instead" after "not enough vacation days for Dec 14-16" keeps Dec 14-16: the
        refused dates were held, and the change is to the type, not to them.
        """
        held = dict(slots.get(HELD) or {})
        base = {key: value for key, value in slots.items() if key != HELD}
        # A new value drops the riders that belonged to the old one: "Jan 4 and Jan 8" then "Jan 4" leaves no Jan 8
        # behind, and "20 boxes" then "100" is 100 of the item's own unit.
        stale = {key for slot in form.slots if slot.keys[0] in update for key in slot.value_keys} - set(update)
        # A different value drops what held only for the old one: a dinner corrected to mileage keeps no restaurant.
        changed = [slot for slot in form.slots if slot.belongs and _changes(update, base, slot.keys[0])]
        stale |= {key for slot in changed for key in slot.belongs} - set(update)
        base = {key: value for key, value in base.items() if key not in stale}
        refills_held = any(key in held for key in update)
        return {**base, **update} if refills_held or not held else {**base, **held, **update}

    def _rejected(
        self,
        context: Context,
        conversation: Conversation,
        form: Form,
        slots: Slots,
        error: DomainError,
        before: list[str],
    ) -> list[Reply]:
        """A rule refused the values: say why and ask for the offending slot again (its values are held, so a change
        of another slot instead brings them back); an error no change can fix closes the conversation."""
        if error.ends_conversation:
            state.close(context.session, conversation, ConversationStatus.CANCELLED)
            return [Reply(text=" ".join([*before, error.message(context.lang)]))]
        slot = form.slot(error.blamed_slot or "")
        if slot is None:
            state.save(conversation, slots=slots, awaiting=FIXING, now=context.now, idle=self.idle)
            text = f"{error.message(context.lang)} {translate(context.lang, 'dialogue.edit_prompt')}"
            return [Reply(text=" ".join([*before, text]))]
        # The refused values go with their riders (a half day of the refused dates): held, not kept, so new dates do
        # not inherit "afternoon" from the refused "Friday afternoon", and a change of another slot brings both back.
        refused = (*slot.keys, *slot.extra_keys)
        kept: Slots = {key: value for key, value in slots.items() if key not in refused}
        held = {key: slots[key] for key in refused if slots.get(key) not in (None, "")}
        if held:
            kept[HELD] = held
        state.save(conversation, slots=kept, awaiting=slot.name, now=context.now, idle=self.idle)
        return [Reply(text=" ".join([*before, error.message(context.lang), self._question(context, slot)]))]

    def _unreadable(self, context: Context, error: dict[str, str]) -> str:
        """ "I couldn't read '31/02' as a date." for an extractor's error."""
        key = UNREADABLE_SLOT.get(error["slot"], "dialogue.unreadable.other")
        return translate(context.lang, key, raw=error["raw"])

    def _dates_read(self, context: Context, text: str, update: Slots) -> str | None:
        """ "I read “next Friday” as Fri, Dec 11." when ``update`` holds dates interpreted from ``text``."""
        if not text or not update.get("start_date"):
            return None
        return dates_read(text, update, context.today, context.employee.locale, context.lang)

    def _question(self, context: Context, slot: Slot | None) -> str:
        if slot is None:
            return translate(context.lang, "dialogue.edit_prompt")
        question = translate(context.lang, slot.question)
        if slot.kind is SlotKind.CHOICE:
            labels = ", ".join(names[context.lang] for _, names in self._choices(context, slot))
            question = f"{question} ({labels})"
        return question

    @staticmethod
    def _choices(context: Context, slot: Slot) -> list[tuple[str, dict[str, str]]]:
        """The slot's choices with their label in each language: the company's (``choices_from``) or the fixed ones."""
        if slot.choices_from is not None:
            return [(value, {"en": en, "es": es}) for value, en, es in slot.choices_from(context)]
        return [
            (choice, {lang: translate(lang, f"{slot.label}.{choice}") for lang in LANGUAGES}) for choice in slot.choices
        ]

    def _read_awaited(self, context: Context, slot: Slot, text: str) -> dict[str, Any]:
        """Read an answer to a question the extractors cannot: free text, or a choice by name or number."""
        if slot.kind is SlotKind.TEXT:
            return {slot.name: text.strip()[:TEXT_LIMIT]}
        if slot.kind is SlotKind.ITEM:  # a bare name or SKU has no "how many"/"recibimos" frame for the extractor
            phrase = item_answer(text)
            return {slot.name: phrase} if phrase else {}
        if slot.kind is SlotKind.CHOICE:
            answer = fold(text)
            choices = self._choices(context, slot)
            for number, (choice, names) in enumerate(choices, start=1):
                if answer in (choice, fold(names[context.lang]), str(number)):
                    return {slot.name: choice}
            # The words that tell one choice apart ("matrimonio" for "Permiso por matrimonio"), in either language.
            words = set(answer.split())
            named = {choice for choice, names in choices for name in names.values() if words <= set(fold(name).split())}
            if words and len(named) == 1:
                return {slot.name: named.pop()}
            # A misspelt choice ("trian", "vacaton"): the closest label of either language, if close enough.
            labels = {fold(names[lang]): choice for lang in LANGUAGES for choice, names in choices}
            close = process.extractOne(answer, list(labels), scorer=fuzz.ratio, score_cutoff=CHOICE_SCORE)
            if close is not None:
                return {slot.name: labels[close[0]]}
        return {}

    def _concerns(self, form: Form, extractor: str) -> bool:
        kinds = {slot.kind for slot in form.slots}
        return (extractor == "date" and bool(kinds & set(DATE_KINDS))) or (
            extractor == "money" and SlotKind.MONEY in kinds
        )

    def _modal_slots(self, context: Context, form: Form, values: dict[str, str]) -> tuple[Slots, dict[str, str]]:
        update: Slots = {}
        errors: dict[str, str] = {}
        bad = translate(context.lang, "dialogue.modal_bad_value")
        for slot in form.slots:
            if slot.kind in DATE_KINDS:
                update.update({key: values[key] for key in slot.keys if values.get(key)})
            elif slot.kind is SlotKind.MONEY and values.get("amount"):
                money = extract_money(values["amount"], default_currency=company_currency(context.employee.country))
                if values["amount"].lstrip().startswith(MINUS_SIGNS):  # "- 50 €" must not come back as 50 €
                    errors["amount"] = translate(context.lang, "dialogue.modal_negative_amount")
                elif money is None or isinstance(money, MoneyParseFailure):
                    errors["amount"] = bad
                else:
                    update.update(amount=str(money.amount), currency=money.currency)
            elif slot.name in values:
                value = values[slot.name].strip()
                if len(value) > TEXT_LIMIT:
                    errors[slot.name] = translate(
                        context.lang, "dialogue.modal_too_long", length=len(value), limit=TEXT_LIMIT
                    )
                update[slot.name] = value
        return update, errors

    def _card(self, context: Context, action: Action) -> tuple[Conversation, Form, int] | list[Reply]:
        """The conversation a card's button belongs to, or the reply explaining why the button does nothing."""
        try:
            conversation_id, version = (int(part) for part in action.value.split(":", 1))
        except ValueError:
            return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
        conversation = context.session.get(Conversation, conversation_id)
        form = self.registry.form(conversation.intent) if conversation else None
        if conversation is None or form is None:
            return [Reply(text=translate(context.lang, "bot.stale_action"), ephemeral=True)]
        if conversation.employee_id != context.employee.id:  # said to that someone else, in their language
            lang = normalise_language(context.employee.language)
            return [Reply(text=translate(lang, "dialogue.not_yours"), ephemeral=True)]
        context.lang = normalise_language(conversation.lang)  # the card's buttons answer in the conversation's language
        if conversation.status == ConversationStatus.OPEN and conversation.expires_at <= context.now:
            state.close(context.session, conversation, ConversationStatus.EXPIRED)
        if conversation.status != ConversationStatus.OPEN:
            return [Reply(text=self._closed_text(context, conversation), ephemeral=True)]
        if conversation.version != version:
            return [Reply(text=translate(context.lang, "dialogue.outdated"), ephemeral=True)]
        return conversation, form, version

    def _closed_text(self, context: Context, conversation: Conversation) -> str:
        if conversation.status == ConversationStatus.DONE:
            return translate(context.lang, "dialogue.already_confirmed")
        if conversation.status == ConversationStatus.EXPIRED or conversation.expires_at <= context.now:
            return translate(context.lang, "dialogue.expired", minutes=int(self.idle.total_seconds() // 60))
        return translate(context.lang, "dialogue.already_cancelled")
