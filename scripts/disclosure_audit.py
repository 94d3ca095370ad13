"""The outside attacker: try to recover hidden or rounded insights counts through the API.

With only what one signed-in user may request (a bearer token), crawl every insights figure
the user may see (pipeline for each dimension, WRES/WDES, progression, projection; every scope,
snapshot and kind of organisation), write the raw answers to ``OUT/raw/``, turn them into
integer unknowns and constraints (``scripts/disclosure_reasoning.py``) and try to pin each
published ``"*"`` or rounded count to one value: interval propagation over the whole region,
then (``--exact``) OR-Tools CP-SAT per connected component.

    python scripts/disclosure_audit.py --base-url http://127.0.0.1:8765 --token TOKEN \\
        --out var/audit [--truth LATEST.parquet [--truth-earlier EARLIER.parquet]] [--exact]

Exit status 1 when anything is pinned, 0 otherwise (2 on a crawl or modelling error).
``--from-raw`` re-runs the reasoning on a previous crawl without a server. Only send it to a
server you run yourself.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import disclosure_reasoning as dr  # noqa: E402

PIPELINE_DIMENSIONS = ("ethnicity", "ethnic_category", "sex", "disability")
PROGRESSION_DIMENSIONS = ("ethnicity", "disability", "sex")
KINDS = ("acute", "mental_health", "community", "ambulance", "icb")
SENIOR = ("8a", "8b", "8c", "8d", "9", "VSM", "board")
SENIOR_BANDS = ("8a", "8b", "8c", "8d", "9", "VSM")
FAMILY = {"ethnicity": "eth", "ethnic_category": "cat", "sex": "sex", "disability": "dis"}
UNKNOWN = {"eth": {"unknown"}, "cat": {"Z", "99"}, "sex": {"U"}, "dis": {"U"}}
WHITE_CODES = ("A", "B", "C")
ETHNIC_CODES = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R",
                "S", "Z", "99")
Z_95 = 1.959963984540054  # the published log-method 95% interval
RATIO_INDICATORS = ("indicator_2", "indicator_3", "indicator_4", "wdes_metric_2",
                    "wdes_metric_3")
COUNT_FIELDS = ("top_events", "top_total", "bottom_events", "bottom_total")
PROGRESSION_FIELDS = ("top_promoted", "top_stayers", "bottom_promoted", "bottom_stayers")


# -- crawl ------------------------------------------------------------------------------


class Client:
    def __init__(self, base_url: str, token: str):
        parts = urllib.parse.urlsplit(base_url)
        host = parts.hostname
        if parts.scheme not in ("http", "https") or host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("Only point the attacker at a server on this machine.")
        self.base = base_url.rstrip("/")
        self.token = token
        self.requests = 0

    def get(self, path: str, **params) -> tuple[int, object]:
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v not in (None, "")})
        url = f"{self.base}{path}" + (f"?{query}" if query else "")
        req = urllib.request.Request(  # noqa: S310 (http(s) to this machine, checked above)
            url, headers={"Authorization": f"Bearer {self.token}",
                          "Accept": "application/json"})
        for _ in range(20):
            self.requests += 1
            try:
                with urllib.request.urlopen(req, timeout=300) as resp:  # noqa: S310
                    return resp.status, json.load(resp)
            except urllib.error.HTTPError as error:
                if error.code == 429:
                    time.sleep(float(error.headers.get("Retry-After") or 5))
                    continue
                try:
                    body = json.load(error)
                except ValueError:
                    body = None
                return error.code, body
        raise SystemExit(f"Still limited after 20 tries: {url}")


def crawl(client: Client, out: Path, say) -> dict:
    """Every answer the user may get, saved under ``out/raw`` and returned as one dict.

    The areas and their organisations come from ``/api/v1/insights/areas`` for each snapshot:
    the membership on that snapshot's date, which its figures are worked out from."""
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    status, scopes = client.get("/api/v1/insights/scopes")
    if status != 200:
        raise SystemExit(f"GET /api/v1/insights/scopes: {status} {scopes}")
    _, snapshots = client.get("/api/v1/insights/snapshots")
    snapshots = sorted(snapshots, key=lambda s: s["as_of"])  # type: ignore[arg-type]
    areas: dict[str, list[dict]] = {}
    for snap in snapshots:
        status, body = client.get("/api/v1/insights/areas", snapshot=snap["id"])
        if status != 200:
            raise SystemExit(f"GET /api/v1/insights/areas?snapshot={snap['id']}: {status} "
                             f"{body}")
        areas[snap["as_of"]] = body["areas"]  # type: ignore[index]
    answers = []

    def fetch(page: str, **params):
        status, body = client.get(f"/api/v1/insights/{page}", **params)
        item = {"page": page, "params": params, "status": status, "body": body}
        answers.append(item)
        name = "_".join([page, *(f"{k}-{v}" for k, v in params.items() if v not in (None, ""))])
        (raw / (name.replace(":", "-").replace("/", "-") + ".json")).write_text(
            json.dumps(item, indent=1))

    def targets(*days: str) -> list[tuple[str, str]]:
        """Every area seen on all of ``days`` (the API refuses the others), alone and narrowed
        to each kind of organisation that has any organisation in it on one of those days."""
        seen = [{a["key"]: a for a in areas[d]} for d in days]
        out_ = []
        for key in seen[0]:
            if not all(key in other for other in seen[1:]):
                continue
            out_.append((key, ""))
            kinds = {k for other in seen for k, codes in other[key]["kinds"].items() if codes}
            out_ += [(key, k) for k in KINDS if k in kinds]
        return out_

    for snap in snapshots:
        todo = targets(snap["as_of"])
        for i, (scope, kind) in enumerate(todo):
            say(f"crawl {snap['as_of']} {i + 1}/{len(todo)}: {scope} {kind}")
            for dim in PIPELINE_DIMENSIONS:
                fetch("pipeline", scope=scope, kind=kind, snapshot=snap["id"], dimension=dim)
            fetch("wres", scope=scope, kind=kind, snapshot=snap["id"])
    for earlier, later in zip(snapshots, snapshots[1:], strict=False):
        todo = targets(later["as_of"], earlier["as_of"])
        for i, (scope, kind) in enumerate(todo):
            say(f"crawl {earlier['as_of']} to {later['as_of']} {i + 1}/{len(todo)}: {scope} "
                f"{kind}")
            for dim in PROGRESSION_DIMENSIONS:
                fetch("progression", scope=scope, kind=kind, snapshot=later["id"],
                      earlier=earlier["id"], dimension=dim)
            fetch("projection", scope=scope, kind=kind, snapshot=later["id"],
                  earlier=earlier["id"])
    crawl_doc = {"scopes": scopes, "snapshots": snapshots, "areas": areas,
                 "answers": answers, "requests": client.requests}
    (out / "crawl.json").write_text(json.dumps(crawl_doc))
    return crawl_doc


# -- model ------------------------------------------------------------------------------


def json_key(scope: dict, kind: str) -> str:
    """Our name for a scope: its API key (``organisation:QOP`` is not ``system:QOP``, though
    both are ``QOP`` in the figures) and kind."""
    return scope["key"] + (f"/{kind}" if kind else "")


def members(crawl_doc: dict) -> dict[tuple[str, str], list[str]]:
    """For every snapshot date and json key the user may ask for on it: the organisations in
    it on that date (``/api/v1/insights/areas``), as json keys."""
    out: dict[tuple[str, str], list[str]] = {}
    for as_of, areas in crawl_doc["areas"].items():
        for a in areas:
            if a["level"] == "organisation":
                out[(as_of, a["key"])] = [a["key"]]
                continue
            out[(as_of, a["key"])] = [f"organisation:{c}" for c in a["organisations"]]
            for kind, codes in a["kinds"].items():
                out[(as_of, f"{a['key']}/{kind}")] = [f"organisation:{c}" for c in codes]
    return out


def _rel_predicate(ratio, lo, hi):
    def ok(a, na, b, nb):
        if min(a, na, b, nb) < 8:
            return False
        rr = (a / na) / (b / nb)
        if abs(rr - ratio) > 0.0000501:
            return False
        if lo is None or hi is None:
            return True
        se = math.sqrt(1 / a - 1 / na + 1 / b - 1 / nb)
        return (abs(math.exp(math.log(rr) - Z_95 * se) - lo) <= 0.0000501
                and abs(math.exp(math.log(rr) + Z_95 * se) - hi) <= 0.0000501)
    return ok


def _declared_predicate(declared):
    def ok(known, headcount):
        if known < 8 or headcount < 8:
            return False
        return abs(100 * dr.round5(known) / dr.round5(headcount) - declared) <= 0.0501
    return ok


class Builder:
    def __init__(self, crawl_doc: dict, share_basis: str = "shown"):
        self.doc = crawl_doc
        self.m = dr.Model()
        self.share_basis = share_basis
        self.members = members(crawl_doc)
        self.present: dict[tuple, set[str]] = defaultdict(set)  # (family key) -> json keys
        self.cells: dict[tuple, set[tuple]] = defaultdict(set)  # (kind, as_of, jk) -> keys
        self.as_of = {s["id"]: s["as_of"] for s in crawl_doc["snapshots"]}
        # (page group, snapshot date, json key) of every area that answered (200) or has
        # nobody in it (404): an organisation in an area that was never asked, or was
        # refused, is a free unknown in the area's sum, not 0
        self.seen: set[tuple[str, str, str]] = set()
        self.grouped_on: dict[str, str] = {}  # progression: later date -> earlier date

    def member_of(self, key) -> list[str] | None:
        """The organisations in the area of ``key`` on the date its counts are grouped on:
        the snapshot's own, or for progression the earlier snapshot's (people are counted
        in the organisation they were in then)."""
        day = self.grouped_on.get(key[1]) if key[0] == "pr" else key[1]
        jk = key[JK_POS[key[0]]]
        return self.members.get((day, jk))

    def obs(self, key, shown, where, national):
        self.m.observe(key, shown, where, controlled=not national)

    def shown_only(self, national: bool) -> bool:
        """Below England the app works every rate out from the shown counts (the default
        basis "shown"), so a rate adds no constraint on the exact counts."""
        return not national and self.share_basis == "shown"

    def share(self, num_key, num_shown, den_key, share, digits, scale, national):
        if share is None or num_shown in (None, "*") or self.shown_only(national):
            return
        if national or self.share_basis == "exact":
            self.m.add_ratio(num_key, den_key, share, digits, scale)
        else:
            self.m.add_rounded_share(int(num_shown), den_key, share, digits, scale)

    def build(self) -> dr.Model:
        for a in self.doc["answers"]:
            params = a["params"]
            if a["page"] == "progression" and params.get("earlier") in self.as_of:
                self.grouped_on[self.as_of[params["snapshot"]]] = self.as_of[params["earlier"]]
            if a["status"] in (200, 404) and params.get("snapshot") in self.as_of:
                group = "pr" if a["page"] == "progression" else "snap"
                jk = params["scope"] + (f"/{params['kind']}" if params.get("kind") else "")
                self.seen.add((group, self.as_of[params["snapshot"]], jk))
            if a["status"] != 200:
                continue
            body = a["body"]
            national = not body["disclosure_controlled"]
            jk = json_key(body["scope"], a["params"].get("kind", ""))
            figs = next(iter(body["figures"].values()), {})
            as_of = body["snapshot"]["as_of"]
            where = f"{a['page']} {body['scope']['key']} {a['params'].get('kind') or ''}".strip()
            if a["page"] == "pipeline":
                self.pipeline(figs, a["params"], as_of, jk, where, national)
            elif a["page"] == "wres":
                self.wres(figs, as_of, jk, where, national)
            elif a["page"] == "progression":
                self.progression(figs, a["params"], as_of, jk, where, national)
        self.geography()
        return self.m

    # pipeline: levels x categories, level headcounts shared between dimensions
    def pipeline(self, figs, params, as_of, jk, where, national):
        fam = FAMILY[params["dimension"]]
        prev_as_of = None
        for level, body in figs.items():
            cats = body["categories"]
            if any("headcount_previous" in c for c in cats.values()):
                prev_as_of = self._previous(as_of)
            self._level(as_of, fam, jk, level, body["headcount"], body.get("declared_pct"),
                        {c: (v["headcount"], v["share"]) for c, v in cats.items()},
                        f"{where} {params['dimension']} {as_of}", national)
            if prev_as_of:
                self._level(prev_as_of, fam, jk, level, None, None,
                            {c: (v.get("headcount_previous"), v.get("share_previous"))
                             for c, v in cats.items()},
                            f"{where} {params['dimension']} change (previous {prev_as_of})",
                            national)

    def _previous(self, as_of):
        earlier = [s["as_of"] for s in self.doc["snapshots"] if s["as_of"] < as_of]
        return max(earlier) if earlier else None

    def _level(self, as_of, fam, jk, level, headcount, declared, cats, where, national):
        m = self.m
        hc = ("hc", as_of, jk, level)
        self.obs(hc, headcount, f"{where} {level} total", national)
        keys = {c: ("pl", as_of, fam, jk, level, c) for c in cats}
        for c, (count, _) in cats.items():
            self.obs(keys[c], count, f"{where} {level} {c}", national)
        known = ("known", as_of, fam, jk, level)
        known_parts = [keys[c] for c in cats if c not in UNKNOWN[fam]]
        tag = (as_of, fam, jk, level)
        if tag not in self.present["level"]:
            self.present["level"].add(tag)  # type: ignore[arg-type]
            m.add_sum(hc, keys.values())
            m.add_sum(known, known_parts)
            if fam == "cat":
                eth = lambda g: ("pl", as_of, "eth", jk, level, g)  # noqa: E731
                m.add_sum(eth("white"), [keys[c] for c in WHITE_CODES])
                m.add_sum(eth("minority"), [keys[c] for c in ETHNIC_CODES
                                            if c not in WHITE_CODES and c not in ("Z", "99")])
                m.add_sum(eth("unknown"), [keys["Z"], keys["99"]])
        for c, (count, share) in cats.items():
            if c not in UNKNOWN[fam]:
                self.share(keys[c], count, known, share, 4, 1, national)
        if declared is not None and not national and not self.shown_only(national):
            m.add_relation((known, hc), _declared_predicate(declared), f"declared {where}")

    # WRES / WDES
    def wres(self, figs, as_of, jk, where, national):
        m = self.m
        for name, fam, cats, pct_key, focus in (
                ("indicator_1", "eth", ("white", "minority", "unknown"), "ethnic_minority_pct",
                 "minority"),
                ("wdes_metric_1", "dis", ("Y", "N", "U"), "disabled_pct", "Y")):
            body = figs.get(name)
            if not body:
                continue
            overall = body["overall"]
            self._level(as_of, fam, jk, "all", overall.get("headcount"), None,
                        {c: (overall.get(c), None) for c in cats}, f"{where} {name} {as_of}",
                        national)
            known_all = ("known", as_of, fam, jk, "all")
            self.share(("pl", as_of, fam, jk, "all", focus), overall.get(focus), known_all,
                       overall.get(pct_key), 2, 100, national)
            band_keys = defaultdict(list)
            for band, values in body["bands"].items():
                bh = ("wbh", as_of, jk, band)
                self.obs(bh, values.get("headcount"), f"{where} {name} band {band} total",
                         national)
                ck = {c: ("wb", as_of, fam, jk, band, c) for c in cats}
                for c in cats:
                    self.obs(ck[c], values.get(c), f"{where} {name} band {band} {c}", national)
                    band_keys[c].append(ck[c])
                m.add_sum(bh, ck.values())
                wk = ("wknown", as_of, fam, jk, band)
                m.add_sum(wk, [ck[c] for c in cats if c not in UNKNOWN[fam]])
                self.share(ck[focus], values.get(focus), wk, values.get(pct_key), 2, 100,
                           national)
                if band in SENIOR_BANDS:  # board members keep their band in WRES 1
                    for c in cats:
                        m.add_sum(ck[c], [("pl", as_of, fam, jk, band, c),
                                          ("bx", as_of, fam, jk, band, c)])
            for c in cats:
                m.add_sum(("pl", as_of, fam, jk, "all", c), band_keys[c])
                m.add_sum(("pl", as_of, fam, jk, "board", c),
                          [("bx", as_of, fam, jk, b, c) for b in (*SENIOR_BANDS, "other")])
            self.present["wres"].add((as_of, jk, name))  # type: ignore[arg-type]
        for name in RATIO_INDICATORS:
            body = figs.get(name)
            if not body:
                continue
            keys = [("wr", as_of, jk, name, f) for f in COUNT_FIELDS]
            for k, f in zip(keys, COUNT_FIELDS, strict=True):
                self.obs(k, body["counts"].get(f), f"{where} {name} {f} {as_of}", national)
            if body.get("ratio") is not None and not national and not self.shown_only(national):
                m.add_relation(keys, _rel_predicate(body["ratio"], body.get("ci_low"),
                                                    body.get("ci_high")), f"{where} {name}")
            self.present["wr"].add((as_of, jk, name))  # type: ignore[arg-type]
        nine = figs.get("indicator_9")
        if nine:
            bm = ("pl", as_of, "eth", jk, "board", "minority")
            bk = ("known", as_of, "eth", jk, "board")
            self.obs(bm, nine["counts"].get("board_ethnic_minority"),
                     f"{where} indicator_9 board minority {as_of}", national)
            self.obs(bk, nine["counts"].get("board_known"),
                     f"{where} indicator_9 board known {as_of}", national)
            if self.shown_only(national):
                pass
            elif nine.get("board_ethnic_minority_pct") is not None:
                m.add_ratio(bm, bk, nine["board_ethnic_minority_pct"], 2, 100)
            if self.shown_only(national):
                pass
            elif nine.get("workforce_ethnic_minority_pct") is not None:
                m.add_ratio(("pl", as_of, "eth", jk, "all", "minority"),
                            ("known", as_of, "eth", jk, "all"),
                            nine["workforce_ethnic_minority_pct"], 2, 100)

    # progression between two snapshots
    def progression(self, figs, params, as_of, jk, where, national):
        m = self.m
        dim = params["dimension"]
        levels = []
        for level, row in figs.items():
            keys = [("pr", as_of, dim, jk, level, f) for f in PROGRESSION_FIELDS]
            for k, f in zip(keys, PROGRESSION_FIELDS, strict=True):
                self.obs(k, row.get(f), f"{where} progression {dim} {level} {f}", national)
            for num, den, pct in ((0, 1, "top_pct"), (2, 3, "bottom_pct")):
                if row.get(pct) is not None and not self.shown_only(national):
                    m.add_ratio(keys[num], keys[den], row[pct], 4, 100)
            if row.get("ratio") is not None and not national and not self.shown_only(national):
                m.add_relation(keys, _rel_predicate(row["ratio"], row.get("ci_low"),
                                                    row.get("ci_high")),
                               f"{where} progression {dim} {level}")
            if level != "all":
                levels.append(level)
        if "all" in figs:
            for f in PROGRESSION_FIELDS:  # the board row is never shown: a free unknown
                m.add_sum(("pr", as_of, dim, jk, "all", f),
                          [("pr", as_of, dim, jk, lv, f) for lv in (*levels, "board")])
        self.present["pr"].add((as_of, dim, jk))  # type: ignore[arg-type]

    # a region, system or kind is the sum of its organisations on the date its counts are
    # grouped on
    def geography(self):
        m = self.m
        by_prefix: dict[tuple, set] = defaultdict(set)
        for key in list(m.lo):
            if key[0] in JK_POS:
                pos = JK_POS[key[0]]
                by_prefix[key[:pos] + ("@",) + key[pos + 1:]].add(key[pos])
        for pattern, scopes_seen in by_prefix.items():
            pos = pattern.index("@")
            group = "pr" if pattern[0] == "pr" else "snap"
            for jk in scopes_seen:
                total = pattern[:pos] + (jk,) + pattern[pos + 1:]
                inside = self.member_of(total)
                if not inside or inside == [jk]:
                    continue
                parts = [pattern[:pos] + (o,) + pattern[pos + 1:] for o in inside]
                # an organisation that answered without this cell, or answered nothing (404:
                # nobody there), holds 0; one never asked (not visible on the date the
                # figures were asked for) is free
                m.add_sum(total, [p for p in parts if p in m.lo
                                  or (group, p[1], p[pos]) not in self.seen])


JK_POS = {"pl": 3, "hc": 2, "wb": 3, "wbh": 2, "wr": 2, "pr": 3, "known": 3, "wknown": 3}


# -- truth ------------------------------------------------------------------------------


def truth_counts(path: Path):
    import polars as pl

    df = pl.read_parquet(path) if path.suffix == ".parquet" else pl.read_csv(
        path, infer_schema_length=0)
    df = df.with_columns(pl.col(c).cast(pl.String) for c in df.columns
                         if c in ("band", "ethnic_category", "sex", "disability", "level",
                                  "ethnic_group"))
    if "level" not in df.columns:
        board = pl.col("board").cast(pl.String).is_in(["true", "Y", "y", "True"]) \
            if "board" in df.columns else pl.lit(False)
        df = df.with_columns(pl.when(board).then(pl.lit("board")).otherwise("band")
                             .alias("level"))
    if "ethnic_group" not in df.columns:
        c = pl.col("ethnic_category")
        df = df.with_columns(pl.when(c.is_in(WHITE_CODES)).then(pl.lit("white"))
                             .when(c.is_in(["Z", "99"])).then(pl.lit("unknown"))
                             .otherwise(pl.lit("minority")).alias("ethnic_group"))
    return df


def truth_value(df, key, member_of) -> int | None:
    """The true count of ``key`` (pipeline and WRES 1 cells) from the snapshot's file, over
    the area's organisations on its date (``member_of``)."""
    import polars as pl

    kind = key[0]
    if kind in ("pl", "hc", "known", "wb", "wbh", "wknown"):
        if kind in ("hc", "wbh"):
            _, _, jk, level = key
            col, cat, fam = None, None, None
        elif kind in ("known", "wknown"):
            _, _, fam, jk, level = key
            cat = None
        else:
            _, _, fam, jk, level, cat = key
        inside = member_of(key)
        if inside is None:
            return None
        orgs = [o.split(":", 1)[1] for o in inside]
        f = df.filter(pl.col("org_code").is_in(orgs))
        if level != "all":
            f = f.filter(pl.col("band" if kind.startswith("w") else "level") == level)
        if fam is not None:
            col = {"eth": "ethnic_group", "cat": "ethnic_category", "sex": "sex",
                   "dis": "disability"}[fam]
            if cat is None:
                f = f.filter(~pl.col(col).is_in(list(UNKNOWN[fam])))
            else:
                f = f.filter(pl.col(col) == cat)
        return f.height
    return None


# -- main -------------------------------------------------------------------------------


def describe(m: dr.Model, key) -> str:
    return m.obs[key][0].where


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base-url", default="http://127.0.0.1:8765")
    p.add_argument("--token")
    p.add_argument("--out", type=Path, default=Path("var/audit"))
    p.add_argument("--from-raw", action="store_true",
                   help="reuse OUT/crawl.json instead of crawling")
    p.add_argument("--truth", type=Path, help="the latest snapshot's Parquet or CSV")
    p.add_argument("--truth-earlier", type=Path, help="the earlier snapshot's Parquet or CSV")
    p.add_argument("--exact", action="store_true", help="also search with CP-SAT")
    p.add_argument("--max-vars", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=5.0, help="CP-SAT limit per question")
    p.add_argument("--share-basis", choices=("shown", "rounded", "exact"), default="shown",
                   help="how the app works out rates below England: from the shown counts "
                        "(the app's rule: rates add no constraint), from rounded counts with "
                        "a rounded denominator, or from the exact counts")
    p.add_argument("--plain", action="store_true", help="plain output, no colours")
    p.add_argument("--pages", default="",
                   help="only model these pages, e.g. pipeline,wres (default: every page)")
    args = p.parse_args(argv)

    try:
        from rich.console import Console
        console = Console(no_color=args.plain, highlight=False)
        say = console.print
    except ImportError:  # pragma: no cover
        say = print
    args.out.mkdir(parents=True, exist_ok=True)
    if args.from_raw:
        crawl_doc = json.loads((args.out / "crawl.json").read_text())
    else:
        if not args.token:
            p.error("--token is needed to crawl (or --from-raw)")
        crawl_doc = crawl(Client(args.base_url, args.token), args.out,
                          lambda s: None if args.plain else print(s, end="\r", file=sys.stderr))
    answered = sum(1 for a in crawl_doc["answers"] if a["status"] == 200)
    say(f"Crawled {len(crawl_doc['answers'])} figure requests ({answered} answered) over "
        f"{len(crawl_doc['scopes'])} scopes and {len(crawl_doc['snapshots'])} snapshots.")
    if args.pages:
        wanted = set(args.pages.split(","))
        crawl_doc["answers"] = [a for a in crawl_doc["answers"] if a["page"] in wanted]
    builder = Builder(crawl_doc, args.share_basis)
    m = builder.build()
    say(f"Model: {len(m.lo)} unknowns, {len(m.sums)} sums, {len(m.ratios)} ratios, "
        f"{len(m.relations)} relations.")
    t0 = time.perf_counter()
    try:
        dr.propagate(m)
    except dr.Inconsistent as error:
        say(f"The model is inconsistent (a modelling mistake, not a finding): {error}")
        return 2
    hidden = m.published_hidden()
    by_intervals = set(m.pinned())
    say(f"Intervals ({time.perf_counter() - t0:.1f} s): {len(by_intervals)} of {len(hidden)} "
        "published non-exact counts pinned.")
    search = None
    if args.exact:
        t0 = time.perf_counter()
        search = dr.exact_pins(m, max_vars=args.max_vars, seconds=args.seconds)
        say(f"CP-SAT ({time.perf_counter() - t0:.1f} s): {len(search.newly_pinned)} more "
            f"pinned; {search.components_searched} components searched, "
            f"{search.components_skipped} too large, {search.undecided} undecided.")
    pinned = m.pinned()

    truths = {}
    later = max((s["as_of"] for s in crawl_doc["snapshots"]), default=None)
    earlier = builder._previous(later) if later else None
    for as_of, path in ((later, args.truth), (earlier, args.truth_earlier)):
        if path is not None and as_of is not None:
            truths[as_of] = truth_counts(path)
    rows, right, wrong, unchecked = [], 0, 0, 0
    for key in sorted(pinned, key=repr):
        value = m.lo[key]
        true = truth_value(truths[key[1]], key, builder.member_of) if key[1] in truths else None
        if true is None:
            unchecked += 1
        elif true == value:
            right += 1
        else:
            wrong += 1
        rows.append({"where": describe(m, key), "key": list(key),
                     "shown": [o.shown for o in m.obs[key]], "pinned": value, "truth": true,
                     "by": "intervals" if key in by_intervals else "cp-sat"})
    hidden_star = sum(1 for k in hidden if any(o.shown == "*" for o in m.obs[k]))
    pinned_star = sum(1 for k in pinned if any(o.shown == "*" for o in m.obs[k]))
    report = {"requests": crawl_doc.get("requests"), "unknowns": len(m.lo),
              "published_non_exact": len(hidden), "published_hidden_star": hidden_star,
              "pinned": len(pinned), "pinned_star": pinned_star,
              "pinned_by_intervals": len(by_intervals),
              "pinned_by_cp_sat": len(search.newly_pinned) if search else 0,
              "truth": {"confirmed": right, "wrong": wrong, "unchecked": unchecked},
              "pins": rows}
    (args.out / "report.json").write_text(json.dumps(report, indent=1, default=str))
    say(f"Published non-exact counts: {len(hidden)} ({hidden_star} shown as *). "
        f"Pinned: {len(pinned)} ({pinned_star} of them *).")
    for r in rows[:40]:
        check = "" if r["truth"] is None else (" (true)" if r["truth"] == r["pinned"]
                                               else f" (WRONG: truth {r['truth']})")
        say(f"  {r['where']}: shown {r['shown'][0]} -> {r['pinned']}{check}")
    if len(rows) > 40:
        say(f"  ... and {len(rows) - 40} more in {args.out / 'report.json'}")
    if truths:
        say(f"Against the truth: {right} confirmed, {wrong} wrong, {unchecked} not checkable.")
    return 1 if pinned else 0


if __name__ == "__main__":
    sys.exit(main())
