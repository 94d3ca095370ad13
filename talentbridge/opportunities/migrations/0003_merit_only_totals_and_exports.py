"""Match runs keep and show merit only: nothing stored, shown or exported is derived from a
protected characteristic.

With the positive-action tie-break on, the solver's score of a pair was ``merit × (C + 1) + 1
if the person is in the group`` (C = candidates in the run), so a stored objective or an
exported pair score taken ``mod (C + 1)`` gave a count, or a named person's group. Because the
tie-break adds at most C < C + 1, ``merit = score // (C + 1)`` exactly, so old rows convert
without reading anyone's characteristics:

- `MatchRun.greedy_merit_total` is added (from `greedy_objective`); `objective` and
  `greedy_objective` go (`merit_total` was already kept);
- `Proposal.score` becomes the merit (it was already kept beside it as `merit`), and
  proposals are ordered by merit, so equal merit never lists the group first;
- every stored instance zip is rewritten with merit scores and the current README.

Going back puts merit totals in `objective` and `greedy_objective` (the tie-break's share is
not recovered) and leaves the archives as merit.
"""

import csv
import io
import zipfile

from django.db import migrations, models

BATCH = 500
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: matching.EXPORT_README as it was when this migration was written.
EXPORT_README = """Match run {run_id}: the instance TalentBridge solved, scored by merit.

candidates.csv     candidate_id (person id), employer (organisation id)
opportunities.csv  opportunity_id, host (organisation id), seats (seats left at run time)
pairs.csv          candidate_id, opportunity_id, score (merit points; pairs passing every
                   hard rule)
caps.csv           employer, max_release (only if the run had a release cap)

Scores are merit points only. If the run used the positive-action tie-break, it is not in
these files and cannot be worked out from them: no file holds anything about anyone's
protected characteristics. Solve it again, exactly, with:

    talentbridge match solve --instance match-run-{run_id} --output solved

That solve has no tie-break. The total score in solved/summary.json equals the run's merit
total (the sum of its proposals' merit). Where options are of exactly equal merit it may
choose differently from the run.
"""


def _scale(run) -> int:
    return max(run.candidates, 1) + 1 if run.positive_action_group else 1


def _merit_archive(run_id: int, archive: bytes, scale: int) -> bytes:
    folder = f"match-run-{run_id}"
    with zipfile.ZipFile(io.BytesIO(archive)) as old:
        files = {name.rsplit("/", 1)[-1]: old.read(name) for name in old.namelist()
                 if not name.endswith("/")}
    if scale > 1 and "pairs.csv" in files:
        rows = list(csv.reader(io.StringIO(files["pairs.csv"].decode())))
        header, body = rows[0], rows[1:]
        at = header.index("score")
        for row in body:
            row[at] = str(int(row[at]) // scale)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([header, *body])
        files["pairs.csv"] = out.getvalue().encode()
    files["README.txt"] = EXPORT_README.format(run_id=run_id).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for name in sorted(n for n in files if n != "README.txt") + ["README.txt"]:
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            new.writestr(info, files[name])
    return buffer.getvalue()


def to_merit(apps, schema_editor):
    MatchRun = apps.get_model("opportunities", "MatchRun")
    Proposal = apps.get_model("opportunities", "Proposal")
    RunInstance = apps.get_model("opportunities", "RunInstance")
    for run in MatchRun.objects.filter(greedy_objective__isnull=False).iterator(BATCH):
        run.greedy_merit_total = run.greedy_objective // _scale(run)
        if run.merit_total is None and run.objective is not None:
            run.merit_total = run.objective // _scale(run)
        run.save(update_fields=["greedy_merit_total", "merit_total"])
    Proposal._default_manager.exclude(score=models.F("merit")).update(score=models.F("merit"))
    for pk in RunInstance.objects.values_list("pk", flat=True).iterator(BATCH):
        stored = RunInstance.objects.select_related("run").get(pk=pk)
        stored.archive = _merit_archive(stored.run_id, bytes(stored.archive),
                                        _scale(stored.run))
        stored.save(update_fields=["archive"])


def back(apps, schema_editor):
    MatchRun = apps.get_model("opportunities", "MatchRun")
    MatchRun.objects.update(objective=models.F("merit_total"),
                            greedy_objective=models.F("greedy_merit_total"))


class Migration(migrations.Migration):

    dependencies = [
        ("opportunities", "0002_preferences_move_to_talent_profile"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchrun",
            name="greedy_merit_total",
            field=models.BigIntegerField(
                blank=True, null=True,
                help_text="Sum of the merit points of the greedy pass's pairs."),
        ),
        migrations.RunPython(to_merit, back),
        migrations.RemoveField(model_name="matchrun", name="greedy_objective"),
        migrations.RemoveField(model_name="matchrun", name="objective"),
        migrations.AlterModelOptions(
            name="proposal",
            options={"ordering": ["run", "opportunity", "-merit", "pk"]},
        ),
        migrations.AlterField(
            model_name="matchrun",
            name="merit_total",
            field=models.BigIntegerField(
                blank=True, null=True, help_text="Sum of the proposals' merit points."),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="score",
            field=models.BigIntegerField(
                help_text="Merit points, as merit (the positive-action tie-break is never "
                          "in it)."),
        ),
    ]
