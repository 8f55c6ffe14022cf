"""Transcript import speed against a plain text import of the same words, measured in the same run.

Data is SYNTHETIC: the cues of the test fixtures (tests/data/transcripts, written for Werkbank) are
repeated with shifted times into longer meetings, written in four layouts (Teams .vtt with voice tags,
Zoom .vtt with name prefixes, Otter .srt with a prefix per paragraph, Teams .docx blocks), and for each
document a .txt with exactly the words of its turns (one paragraph per turn, no names or times). Both
go through `werkbank import` (one transaction per file, NLP and FTS index included). Target: a
transcript import takes <= 1.5x the CPU time of the plain text import of the same words. Each side runs
`--repeat` times into fresh projects; its best time counts.

    python bench/transcript_bench.py [--documents 20] [--rounds 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from coding.importers import import_file, read_transcript_file  # noqa: E402
from coding.importers.transcript_formats import Cue  # noqa: E402
from coding.store.project import open_project  # noqa: E402
from coding.text import nlp  # noqa: E402

TARGET_RATIO = 1.5
FIXTURES = ROOT / "tests" / "data" / "transcripts"


def stamp(ms: int, comma: bool = False) -> str:
    s, milli = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}{',' if comma else '.'}{milli:03d}"


def meeting(number: int, rounds: int) -> list[list[Cue]]:
    """Turns (each a list of cues) of one synthetic meeting: the fixtures' turns, `rounds` times."""
    turns = []
    for name in ("teams.vtt", "zoom.vtt", "otter.srt"):
        turns += [t.cues for t in read_transcript_file(FIXTURES / name).turns]
    out, shift = [], 0
    for round_ in range(rounds):
        for cues in turns:
            out.append([Cue(c.speaker, c.start_ms + shift, (c.end_ms or c.start_ms) + shift,
                            f"{c.text} (sessie {number}, ronde {round_})" if i == 0 else c.text)
                        for i, c in enumerate(cues)])
        shift = out[-1][-1].end_ms + 2000
    return out


def write(folder: Path, layout: str, number: int, turns: list[list[Cue]]) -> Path:
    path = folder / f"{layout}_{number}.{'docx' if layout == 'teams_docx' else 'srt' if layout == 'otter' else 'vtt'}"
    if layout == "teams_docx":
        document = docx.Document()
        for cues in turns:
            s = cues[0].start_ms // 1000
            run = document.add_paragraph().add_run(f"{cues[0].speaker}   {s // 60}:{s % 60:02d}")
            for cue in cues:
                run.add_break()
                run.add_text(cue.text)
        document.save(str(path))
        return path
    blocks, n = [], 0
    for cues in turns:
        for i, cue in enumerate(cues):
            n += 1
            if layout == "teams_vtt":
                blocks.append(f"{n}-0\n{stamp(cue.start_ms)} --> {stamp(cue.end_ms)}\n<v {cue.speaker}>{cue.text}</v>")
            elif layout == "zoom":
                blocks.append(f"{n}\n{stamp(cue.start_ms)} --> {stamp(cue.end_ms)}\n{cue.speaker}: {cue.text}")
            else:
                prefix = f"{cue.speaker}: " if i == 0 else ""
                blocks.append(f"{n}\n{stamp(cue.start_ms, True)} --> {stamp(cue.end_ms, True)}\n{prefix}{cue.text}")
    head = "" if layout == "otter" else "WEBVTT\n\n"
    path.write_text(head + "\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def plain(folder: Path, layout: str, number: int, turns: list[list[Cue]]) -> Path:
    path = folder / f"{layout}_{number}.txt"
    path.write_text("\n\n".join(" ".join(c.text for c in cues) for cues in turns) + "\n", encoding="utf-8")
    return path


def timed(files: list[Path], project_path: Path) -> float:
    nlp.pipeline.cache_clear()
    nlp._words.cache_clear()
    nlp._words()  # loading the tokenizer and lemma table is outside the timing, for both sides
    with open_project(project_path, create=True) as project:
        cpu = time.process_time()
        for path in files:
            import_file(project, path, "bench")
        return time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=20, help="meetings per layout")
    parser.add_argument("--rounds", type=int, default=10, help="times the fixtures' turns repeat in one meeting")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best time of each side counts")
    args = parser.parse_args()
    layouts = ("teams_vtt", "zoom", "otter", "teams_docx")
    print(f"SYNTHETIC data: {args.documents} meetings per layout, best of {args.repeat} runs, CPU seconds\n")
    print(f"{'layout':11} {'words':>8} {'transcript s':>13} {'plain text s':>13} {'ratio':>6}")
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for layout in layouts:
            files, texts = [], []
            for number in range(args.documents):
                turns = meeting(number, args.rounds)
                files.append(write(folder, layout, number, turns))
                texts.append(plain(folder, layout, number, turns))
            words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
            transcript = min(timed(files, folder / f"{layout}_t{r}.db") for r in range(args.repeat))
            text = min(timed(texts, folder / f"{layout}_p{r}.db") for r in range(args.repeat))
            worst = max(worst, transcript / text)
            print(f"{layout:11} {words:8d} {transcript:13.2f} {text:13.2f} {transcript / text:6.2f}")
    print(f"\ntarget: transcript import <= {TARGET_RATIO}x the plain text import: "
          f"{'met' if worst <= TARGET_RATIO else 'NOT met'} (worst {worst:.2f}x)")


if __name__ == "__main__":
    main()
