"""Make the second coder (evaluator2) of the demo, with deliberate, documented disagreements.

    python corpora/second_coder.py

Reads the first coder's quotes (codings/evaluator1_*.csv), the report sources (sources/*.txt),
the mailbox export and the codebook (codebooks/randvoorwaarden.yaml); writes
`codings/evaluator2.csv` (same columns as evaluator1) and `codings/evaluator2_disagreements.csv`,
the machine-readable list of every disagreement we put in. Deterministic (fixed seed, sorted input).

evaluator2 codes the documents in PLAN only. Everywhere else in those documents it copies
evaluator1 exactly, so the consensus review must list exactly the changes below:
- `code_swap`: the code is replaced by a sibling in the codebook (same parent).
- `valence_flip`: sterkte <-> groeikans (neutraal becomes groeikans).
- `omitted`: evaluator2 did not code the fragment.
- `added`: evaluator2 coded a sentence evaluator1 left uncoded, with a code evaluator1 did not use there.
So that every change stays visible as a disagreement at every unit size (sentence, turn, answer),
a change only touches a code that evaluator1 used once in that turn or answer, a swap or addition
only brings in a code not yet used in that turn or answer, an added sentence touches no coded
fragment, and each mailbox change goes to a different respondent.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CODINGS = HERE / "codings"
CODEBOOK = HERE.parent / "codebooks" / "randvoorwaarden.yaml"
SEED = 2016
CODER = "evaluator2"
COLUMNS = ["document", "question", "quote", "code", "valence", "coder"]
DISAGREEMENT_COLUMNS = ["document", "question", "quote", "kind", "code_evaluator1", "valence_evaluator1",
                        "code_evaluator2", "valence_evaluator2"]
MAILBOX = "mailbox"
# Per document (or "mailbox": every respondent), how many of each kind of change.
PLAN: dict[str, dict[str, int]] = {
    "groepsgesprek_geo_centrum": {"code_swap": 2, "valence_flip": 2, "omitted": 1, "added": 1},
    "groepsgesprek_buo_west": {"code_swap": 2, "valence_flip": 1, "omitted": 2, "added": 1},
    MAILBOX: {"code_swap": 3, "valence_flip": 3, "omitted": 2, "added": 2},
}
FACILITATOR = re.compile(r"^(procesbegeleider|pb|moderator|gespreksleider|verslaggever|interviewer)\b", re.I)
SPEAKER = re.compile(r"^(.{1,30}?)(?::| –| -) (.+)$")   # "Leerkracht 1: ..." or "Ondersteuner A – ..."
FLIP = {"sterkte": "groeikans", "groeikans": "sterkte", "neutraal": "groeikans"}


def siblings() -> dict[str, list[str]]:
    """Code id -> the other leaf codes under the same parent, in codebook order."""
    out: dict[str, list[str]] = {}

    def walk(nodes: list[dict]) -> None:
        leaves = [n["id"] for n in nodes if not n.get("children") and n.get("codable", True)]
        for leaf in leaves:
            out[leaf] = [other for other in leaves if other != leaf]
        for node in nodes:
            walk(node.get("children") or [])

    walk(yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))["codes"])
    return out


def read_first_coder() -> list[dict[str, str]]:
    rows = []
    for file in sorted(CODINGS.glob("evaluator1_*.csv")):
        with open(file, encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 25]


def candidate_sentences(document: str) -> list[tuple[str, str, str]]:
    """(question, sentence, the turn or answer it is in) of a data speaker: reports from sources/,
    respondents from the mailbox export."""
    found: list[tuple[str, str, str]] = []
    if re.fullmatch(r"R\d+", document):
        mapping = yaml.safe_load((HERE / "mailbox" / "mapping_pwb.yaml").read_text(encoding="utf-8"))
        questions = [c for c, spec in mapping["columns"].items() if spec.get("role") == "question"]
        with open(HERE / "mailbox" / "mailbox_pwb.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["ID"] == document:
                    found += [(q, s, row[q]) for q in questions for s in _sentences(row[q] or "")]
        return found
    body = (HERE / "sources" / f"{document}.txt").read_text(encoding="utf-8").split("---", 2)[2]
    for line in body.splitlines():
        turn = SPEAKER.match(line)
        if turn and not FACILITATOR.match(turn.group(1)) and not line.startswith(("#", "|")):
            found += [("", s, turn.group(2)) for s in _sentences(turn.group(2))]
    return found


def _free(sentence: str, container: str, taken: list[str]) -> bool:
    """True when the sentence shares no character with a quote already coded in the same turn/answer."""
    lo = container.find(sentence)
    hi = lo + len(sentence)
    for quote in taken:
        at = container.find(quote)
        if at >= 0 and at < hi and at + len(quote) > lo:
            return False
    return True


class Plan:
    """The changes made so far, and which codes each turn/answer holds (evaluator1's and the new ones)."""

    def __init__(self, first: list[dict[str, str]], groups: dict[str, list[int]]):
        self.first = first
        self.changed: dict[int, dict[str, str]] = {}
        self.omitted: set[int] = set()
        self.added: list[dict[str, str]] = []
        self.listed: list[dict[str, str]] = []
        self.containers = {d: [c for _, _, c in candidate_sentences(d)] for d in groups}
        self.container: dict[int, str] = {}
        for document, indices in groups.items():
            for i in indices:
                quote = first[i]["quote"]
                self.container[i] = next((c for c in dict.fromkeys(self.containers[document]) if quote in c), quote)
        self.codes_in: dict[str, set[str]] = {}
        for i, container in self.container.items():
            self.codes_in.setdefault(container, set()).add(first[i]["code"])

    def alone(self, i: int, indices: list[int]) -> bool:
        """No other fragment of evaluator1 in the same turn/answer has this code, and it is untouched."""
        return i not in self.changed and i not in self.omitted and sum(
            self.container[j] == self.container[i] and self.first[j]["code"] == self.first[i]["code"]
            for j in indices) == 1


def _change(kind: str, document: str, indices: list[int], plan: Plan, sibling_of: dict[str, list[str]],
            rng: random.Random) -> bool:
    """Make one change of `kind` in `document` if the document allows it (see module doc)."""
    first = plan.first
    if kind == "added":
        taken = [first[i]["quote"] for i in indices] + [a["quote"] for a in plan.added if a["document"] == document]
        options = [(q, s, c) for q, s, c in candidate_sentences(document) if _free(s, c, taken)]
        if not options:
            return False
        question, sentence, container = rng.choice(options)
        codes = sorted(c for c in sibling_of if c not in plan.codes_in.get(container, set()))
        new = {"document": document, "question": question, "quote": sentence, "code": rng.choice(codes),
               "valence": rng.choice(["sterkte", "groeikans"]), "coder": CODER}
        plan.codes_in.setdefault(container, set()).add(new["code"])
        plan.added.append(new)
        plan.listed.append(_listed(new, None, new, kind))
        return True
    once = [i for i in indices if plan.alone(i, indices)]
    if kind == "code_swap":
        once = [i for i in once if any(s not in plan.codes_in[plan.container[i]]
                                       for s in sibling_of.get(first[i]["code"], []))]
    if not once:
        return False
    i = rng.choice(once)
    original = first[i]
    if kind == "omitted":
        plan.omitted.add(i)
        plan.listed.append(_listed(original, original, None, kind))
        return True
    new = dict(original, coder=CODER)
    if kind == "code_swap":
        new["code"] = rng.choice([s for s in sibling_of[original["code"]]
                                  if s not in plan.codes_in[plan.container[i]]])
        plan.codes_in[plan.container[i]].add(new["code"])
    else:
        new["valence"] = FLIP[original["valence"]]
    plan.changed[i] = new
    plan.listed.append(_listed(original, original, new, kind))
    return True


def make() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The second coder's rows and the intended disagreements."""
    rng = random.Random(SEED)
    first = read_first_coder()
    sibling_of = siblings()
    groups: dict[str, list[int]] = {}
    plan_of: dict[str, str] = {}
    for i, row in enumerate(first):
        key = MAILBOX if row["question"] else row["document"]
        if key in PLAN:
            groups.setdefault(row["document"], []).append(i)
            plan_of[row["document"]] = key
    plan = Plan(first, groups)
    for plan_key, counts in PLAN.items():
        documents = sorted(d for d in groups if plan_of[d] == plan_key)
        rng.shuffle(documents)
        touched: set[str] = set()
        for kind in (k for k, n in counts.items() for _ in range(n)):
            # a report takes all its changes; in the mailbox each change goes to another respondent
            options = documents if plan_key != MAILBOX else [d for d in documents if d not in touched]
            for document in options:
                if _change(kind, document, groups[document], plan, sibling_of, rng):
                    touched.add(document)
                    break
            else:
                raise SystemExit(f"no fragment in {plan_key} allows a {kind}")
    second = []
    for document in sorted(groups):
        second += [plan.changed.get(i, dict(first[i], coder=CODER)) for i in groups[document] if i not in plan.omitted]
        second += [a for a in plan.added if a["document"] == document]
    return second, plan.listed


def _listed(where: dict[str, str], before: dict[str, str] | None, after: dict[str, str] | None,
            kind: str) -> dict[str, str]:
    return {"document": where["document"], "question": where["question"], "quote": where["quote"], "kind": kind,
            "code_evaluator1": before["code"] if before else "", "valence_evaluator1": before["valence"] if before else "",
            "code_evaluator2": after["code"] if after else "", "valence_evaluator2": after["valence"] if after else ""}


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row[c] for c in columns} for row in rows)


def main() -> None:
    second, disagreements = make()
    write(CODINGS / f"{CODER}.csv", COLUMNS, second)
    write(CODINGS / f"{CODER}_disagreements.csv", DISAGREEMENT_COLUMNS, disagreements)
    print(f"{len(second)} codings by {CODER}, {len(disagreements)} deliberate disagreements")


if __name__ == "__main__":
    main()
