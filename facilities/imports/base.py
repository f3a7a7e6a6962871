"""The import framework: declared columns, a plan of what a file would change, and applying it.

An importer names its model, its key fields and its columns. `plan()` reads and checks a file and
compares every good row with the database without writing: each row becomes a Change ("create",
"update" or "unchanged") or, with its spreadsheet row number, one or more RowProblems. Rows are
checked with the model's own `full_clean()` rules, so a bad value gets the model's message.
`import_file()` plans inside one transaction and writes only when no row is bad: all rows or
none, and rows equal to the database are not written, so importing a file twice changes nothing
the second time. Every import that changed something is logged as an ImportRun; one that would
change nothing writes nothing, not even the log.

A plan's `fingerprint()` sums up what it would change (action, key and values of every row that
changes). The admin keeps the dry run's fingerprint and hands it to `import_file(expect=…)`:
when the database changed in between, the file is planned to something else than the editor
saw, and nothing is written (`plan.stale`).
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..indicators import registry as indicators
from .cells import CellError, blank, text, to_text, word
from .models import ImportKind, ImportRun
from .reading import FileError, HeaderError, Layout, RowProblem, read_table

PREVIEW_ROWS = 50
BATCH_SIZE = 1000
IN_CHUNK = 500  # values per `__in` lookup, well inside SQLite's variable limit
MB = 1024 * 1024


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header in the survey's Chinese, the English alias, the model
    field it fills (`key`), how a cell becomes a value, and what the template explains."""

    key: str
    header: str
    aliases: tuple = ()
    parse: object = to_text
    required: bool = False
    help: str = ""
    example: object = ""
    empty: object = None  # the value of an empty cell in an optional column
    lookup: str = ""  # the name of a {word: object} map the importer loads, e.g. townships
    not_found: str = ""  # the message when the lookup has no such word; %(value)s is the cell

    @property
    def words(self):
        return frozenset(word(name) for name in (self.header, self.key, *self.aliases))

    @property
    def choices(self):
        return getattr(self.parse, "shown", None)


@dataclass
class Change:
    """What applying one row does; `diff` lists (column, before, after) of an update, `values`
    (column, value) of a new row; `key` is the row's key."""

    action: str
    row: int
    label: str
    instance: models.Model
    fields: list = field(default_factory=list)
    diff: list = field(default_factory=list)
    key: tuple = ()
    values: list = field(default_factory=list)


class Tally:
    """Counts of a plan's changes and the sentences that report them."""

    def count(self, action):
        return sum(1 for change in self.changes if change.action == action)

    @property
    def created(self):
        return self.count("create")

    @property
    def updated(self):
        return self.count("update")

    @property
    def unchanged(self):
        return self.count("unchanged")

    @property
    def error_count(self):
        return len(self.errors)

    @property
    def has_changes(self):
        return any(change.action != "unchanged" for change in self.changes)

    def summary(self):
        return _("%(created)d to add, %(updated)d to change, %(unchanged)d unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def done_summary(self):
        return _("%(created)d added, %(updated)d changed, %(unchanged)d unchanged.") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class Plan(Tally):
    kind: str
    filename: str = ""
    sha256: str = ""
    rows: int = 0
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    stale: bool = False  # planned at apply time to other changes than the dry run showed

    @property
    def ok(self):
        return not self.errors

    def fingerprint(self):
        """A digest of what applying would change: action, key and values of each changing row,
        and the warnings shown with them.

        Equal for two plans of one file exactly when they would write the same rows the same way.
        """
        summary = [
            [change.action, [str(part) for part in change.key], change.diff, change.values]
            for change in self.changes
            if change.action != "unchanged"
        ]
        summary.append([[warning.row, warning.message] for warning in self.warnings])
        encoded = json.dumps(summary, ensure_ascii=False, default=str, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()

    def preview(self, limit=PREVIEW_ROWS):
        """The first `limit` rows that would change something."""
        shown = []
        for change in self.changes:
            if change.action != "unchanged":
                shown.append(change)
                if len(shown) == limit:
                    break
        return shown

    @property
    def not_shown(self):
        return self.created + self.updated - len(self.preview())


class Progress:
    """How far a long import is; silent here, a progress bar in the command."""

    def stage(self, label, total):
        """Start a stage of `total` steps; returns the function that advances it by n."""
        return lambda n=1: None


class Importer:
    """One kind of data. Subclasses set the attributes and may refine the hooks below."""

    kind = ""
    model = None
    key_fields = ()
    columns = ()
    sheet_title = ""
    description = ""
    max_rows = 10_000
    max_bytes = 5 * MB

    @property
    def layout(self):
        return Layout(
            words={column.key: column.words for column in self.columns},
            required=tuple(column.key for column in self.columns if column.required),
            labels={column.key: column.header for column in self.columns},
            max_rows=self.max_rows,
            max_bytes=self.max_bytes,
        )

    # -- hooks ------------------------------------------------------------------------------

    def lookups(self):
        """The maps the columns' `lookup` names, loaded once per file."""
        return {}

    def finish(self, fields, lookups):
        """Rules across columns once every cell of a row was read; returns problem messages."""
        return []

    def queryset(self):
        return self.model._default_manager.all()

    def describe(self, instance):
        return str(instance)

    def warnings_for(self, current, candidate):
        return []

    def create_problems(self, candidate, lookups):
        """Reasons a row that would add a new record must not (e.g. it is there under no key)."""
        return []

    def write(self, plan, run, user, progress):
        """Save the plan's changes: bulk inserts and updates, tagged with the run if possible."""
        tag = any(f.name == "import_run" for f in self.model._meta.fields)
        creates = [c.instance for c in plan.changes if c.action == "create"]
        updates = [c for c in plan.changes if c.action == "update"]
        advance = progress.stage(_("Saving"), len(creates) + len(updates))
        if tag:
            for instance in [*creates, *(c.instance for c in updates)]:
                instance.import_run = run
        for start in range(0, len(creates), BATCH_SIZE):
            batch = creates[start : start + BATCH_SIZE]
            self.model._default_manager.bulk_create(batch)
            advance(len(batch))
        names = sorted({name for change in updates for name in change.fields})
        if tag:
            names.append("import_run")
        for start in range(0, len(updates), BATCH_SIZE):
            batch = updates[start : start + BATCH_SIZE]
            self.model._default_manager.bulk_update([c.instance for c in batch], names)
            advance(len(batch))

    # -- planning ---------------------------------------------------------------------------

    def plan(self, data, filename="", *, progress=None):
        """Read and check a file and compare it with the database; writes nothing."""
        progress = progress or Progress()
        plan = Plan(kind=self.kind, filename=filename, sha256=hashlib.sha256(data).hexdigest())
        try:
            table = read_table(data, filename, self.layout)
        except HeaderError as error:
            messages = [*error.messages, *self._other_kind(error.header)]
            plan.errors = [RowProblem(0, message) for message in messages]
            return plan
        except FileError as error:
            plan.errors = [RowProblem(0, message) for message in error.messages]
            return plan
        plan.rows = len(table)
        if not table.rows:
            plan.errors.append(RowProblem(0, _("The file has a header but no data rows.")))
            return plan
        lookups = self.lookups()
        good = self._read_rows(table, plan, progress, lookups)
        self._compare(good, plan, progress, lookups)
        plan.errors.sort(key=lambda problem: problem.row)  # cells first, then the model's rules
        return plan

    def _other_kind(self, header):
        """A hint when the header is the template of another import."""
        from .kinds import IMPORTERS

        for kind, importer_class in IMPORTERS.items():
            if kind == self.kind:
                continue
            layout = importer_class().layout
            named = {layout.column_of(cell) for cell in header}
            if set(layout.required) <= named:
                return [
                    _("This looks like a file of “%(kind)s”: use that import instead.")
                    % {"kind": ImportKind(kind).label}
                ]
        return []

    def _read_rows(self, table, plan, progress, lookups):
        columns = [column for column in self.columns if column.key in table.keys]
        seen = {}
        good = []
        advance = progress.stage(_("Checking rows"), len(table))
        for number, values in table:
            fields, problems = self._cells(values, columns, lookups)
            if not problems:
                problems = self.finish(fields, lookups)
            problems.extend(self._key_problems(fields))
            key = self.key_of(fields)
            if key is not None:
                if key in seen:
                    problems.append(
                        _("“%(key)s” is also in row %(row)d.")
                        % {"key": self.key_label(fields), "row": seen[key]}
                    )
                else:
                    seen[key] = number
            if problems:
                plan.errors.extend(RowProblem(number, message) for message in problems)
            else:
                good.append((number, key, fields))
            advance()
        return good

    def _cells(self, values, columns, lookups):
        fields, problems = {}, []
        for column in columns:
            raw = values[column.key]
            if blank(raw):
                if column.required:
                    problems.append(
                        _("%(column)s: the value is missing.") % {"column": column.header}
                    )
                else:
                    fields[column.key] = column.empty
                continue
            try:
                value = column.parse(raw)
                if column.lookup:
                    table = lookups[column.lookup]
                    found = table.get(value) or table.get(word(value))
                    if found is None:
                        raise CellError(column.not_found % {"value": text(raw)})
                    value = found
            except CellError as error:
                problems.append(
                    _("%(column)s: %(problem)s") % {"column": column.header, "problem": error}
                )
                continue
            fields[column.key] = value
        return fields, problems

    def _key_problems(self, fields):
        """The model's own checks of the key's values, before any query looks them up: a
        value the database cannot hold fails here, and the row keeps no key (it is left out)."""
        problems = []
        for name in self.key_fields:
            model_field = self.model._meta.get_field(name)
            value = fields.get(name)
            if model_field.is_relation or value is None:
                continue
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                fields.pop(name)
                problems.extend(
                    _("%(column)s: %(problem)s") % {"column": self.label(name), "problem": message}
                    for message in error.messages
                )
        return problems

    def key_of(self, fields):
        if any(fields.get(name) is None for name in self.key_fields):
            return None
        return tuple(_plain(fields[name]) for name in self.key_fields)

    def key_label(self, fields):
        return " ".join(text(str(fields[name])) for name in self.key_fields)

    def _existing(self, keys):
        """{key: row} of the rows already in the database under the file's keys."""
        first = self.model._meta.get_field(self.key_fields[0]).attname
        names = [self.model._meta.get_field(name).attname for name in self.key_fields]
        values = sorted({key[0] for key in keys}, key=str)
        found = {}
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start : start + IN_CHUNK]
            for row in self.queryset().filter(**{f"{first}__in": chunk}):
                key = tuple(getattr(row, name) for name in names)
                if key in keys:
                    found[key] = row
        return found

    def _compare(self, good, plan, progress, lookups):
        existing = self._existing({key for _number, key, _fields in good})
        attnames = {f.name: f.attname for f in self.model._meta.concrete_fields}
        advance = progress.stage(_("Comparing with the database"), len(good))
        for number, key, fields in good:
            advance()
            current = existing.get(key)
            if current is not None and all(
                getattr(current, attnames[name]) == _plain(value) for name, value in fields.items()
            ):
                # As the database has it: nothing to write, and nothing new to validate.
                plan.changes.append(
                    Change("unchanged", number, self.describe(current), current, key=key)
                )
                continue
            candidate = copy.copy(current) if current else self.model()
            for name, value in fields.items():
                setattr(candidate, name, value)
            problems = self.validate(candidate)
            if not problems and current is None:
                problems = self.create_problems(candidate, lookups)
            if problems:
                plan.errors.extend(RowProblem(number, message) for message in problems)
                continue
            label = self.describe(candidate)
            if current is None:
                values = [(self.label(name), _display(candidate, name)) for name in fields]
                plan.changes.append(
                    Change("create", number, label, candidate, key=key, values=values)
                )
                continue
            changed = [
                name
                for name in fields
                if getattr(current, attnames[name]) != getattr(candidate, attnames[name])
            ]
            if not changed:  # equal once cleaned, e.g. 420 and 420.00
                plan.changes.append(Change("unchanged", number, label, current, key=key))
                continue
            diff = [
                (self.label(name), _display(current, name), _display(candidate, name))
                for name in changed
            ]
            plan.changes.append(Change("update", number, label, candidate, changed, diff, key))
            plan.warnings.extend(
                RowProblem(number, message) for message in self.warnings_for(current, candidate)
            )

    def label(self, name):
        for column in self.columns:
            if column.key == name:
                return column.header
        return capfirst(self.model._meta.get_field(name).verbose_name)

    def validate(self, instance):
        """The model's own rules (fields, clean()); relations were checked by the lookups."""
        relations = [f.name for f in instance._meta.fields if f.is_relation]
        try:
            instance.full_clean(
                exclude=relations, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            messages = []
            for name, errors in error.message_dict.items():
                for message in errors:
                    if name == NON_FIELD_ERRORS:
                        messages.append(message)
                    else:
                        messages.append(
                            _("%(column)s: %(problem)s")
                            % {"column": self.label(name), "problem": message}
                        )
            return messages
        return []

    # -- applying ---------------------------------------------------------------------------

    def import_file(
        self, data, filename="", *, dry_run=False, user=None, progress=None, expect=None
    ):
        """Plan a file and, unless `dry_run` or a row is bad, write it: all rows or none.

        With `expect`, the fingerprint of the dry run the editor confirmed, nothing is written
        when the file now plans to other changes (`plan.stale`). A file that changes nothing
        writes nothing, not even the log. Returns (plan, run); `run` is the ImportRun logged,
        None when nothing was written.
        """
        progress = progress or Progress()
        try:
            with transaction.atomic():
                plan = self.plan(data, filename, progress=progress)
                if dry_run or not plan.ok:
                    return plan, None
                if expect is not None and plan.fingerprint() != expect:
                    plan.stale = True
                    return plan, None
                if not plan.has_changes:
                    return plan, None
                run = ImportRun.objects.create(
                    kind=self.kind,
                    file_name=filename[-200:],
                    file_sha256=plan.sha256,
                    imported_by=user if user is not None and user.is_authenticated else None,
                    rows=plan.rows,
                    created=plan.created,
                    updated=plan.updated,
                    unchanged=plan.unchanged,
                )
                self.write(plan, run, user, progress)
                transaction.on_commit(indicators.data_changed)
        except IntegrityError:
            message = _("The data changed while importing; nothing was saved. Please try again.")
            return Plan(kind=self.kind, filename=filename, errors=[RowProblem(0, message)]), None
        return plan, run


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def field_bounds(model, name):
    """(lowest, highest) value the validators of a model's number field allow."""
    validators = model._meta.get_field(name).validators
    low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


def _display(instance, name):
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return text(value)
