#!/usr/bin/env python3
"""Checks MANIFEST.yaml against the report files in this folder, reading the files independently of the
generator.

    python check_manifest.py [--dir DIR] [--libreoffice]

Needs PyYAML and lxml.  Optional: python-docx (the .docx files must open with it), pypdf or the
pdftotext command (PDF text layer), soffice (--libreoffice: every .docx must convert to PDF).
Exit code 0 when every check passes.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import yaml
from lxml import etree

W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006'
FACILITATOR_ROLES = ('Interviewer', 'Begeleider', 'Moderator', 'Procesbegeleider')


def q(tag):
    return '{%s}%s' % (W, tag)


def toks(s):
    return len(s.split())


def norm(s):
    return ' '.join(s.split())


class Checker:
    def __init__(self):
        self.failures = 0
        self.file_failures = 0

    def ok(self, cond, msg):
        if not cond:
            self.failures += 1
            self.file_failures += 1
            print('   FAIL  ' + msg)
        return cond


# --------------------------------------------------------------------------- manifest-internal checks
def check_internal(c, name, e):
    turns = e['turns']
    c.ok(e['turn_count'] == len(turns), 'turn_count %s != %d' % (e['turn_count'], len(turns)))
    spk = []
    for t in turns:
        if (t['speaker'], t['facilitator']) not in spk:
            spk.append((t['speaker'], t['facilitator']))
    c.ok(e['speaker_count'] == len(spk), 'speaker_count')
    c.ok(4 <= len(spk) <= 8, '%d speakers (want 4-8)' % len(spk))
    for t in turns:
        stripped = re.sub(r'[\s:\-–]+$', '', t['label'].replace('*', ''))
        c.ok(stripped == t['speaker'], 'speaker %r does not match label %r' % (t['speaker'], t['label']))
        fac = t['speaker'].split()[0] in FACILITATOR_ROLES
        c.ok(fac == t['facilitator'], 'facilitator flag of %r' % t['speaker'])
        c.ok(t['text'] == norm(t['text']) and t['text'], 'turn text not normalised: %r' % t['text'][:40])
    sums = {
        'words_data': sum(toks(t['text']) for t in turns if not t['facilitator']),
        'words_facilitator': sum(toks(t['text']) for t in turns if t['facilitator']),
        'words_labels': sum(toks(t['label']) for t in turns),
        'words_headings': sum(toks(h['text']) for h in e['headings']),
        'words_other': sum(toks(o) for o in e['other']),
        'words_left_out': sum(toks(x['text']) for x in e['left_out'] if x['visible']),
        'words_deleted': sum(toks(x['text']) for x in e['left_out'] if not x['visible']),
    }
    for k, v in sums.items():
        c.ok(e[k] == v, '%s = %s, recomputed %d' % (k, e[k], v))
    total = sum(v for k, v in sums.items() if k != 'words_deleted')
    c.ok(e['words_total'] == total, 'words_total %d != sum of parts %d' % (e['words_total'], total))
    c.ok(300 <= e['words_total'] <= 900, 'words_total %d outside 300-900' % e['words_total'])


def find_in_order(c, haystack, needles, what):
    pos = 0
    for n in needles:
        i = haystack.find(n, pos)
        if not c.ok(i >= 0, '%s not found (in order): %r' % (what, n[:90])):
            continue
        pos = i + len(n)


# --------------------------------------------------------------------------- docx
class DocxText:
    """Accepted-view text of a WordprocessingML part, written independently of the generator."""

    SKIP = {q('del'), q('moveFrom'), q('instrText'), q('delText'), q('delInstrText'), q('pPr'), q('rPrChange'),
            q('sdtPr'), q('fldChar'), '{%s}Fallback' % MC}
    HIDDEN_TEXT = {q('t'), q('delText')}

    def __init__(self, root):
        self.out = []
        self.hidden = []
        self.paragraphs = []      # (element, own text)
        self._walk(root)

    def _hidden(self, el):
        for t in el.iter():
            if t.tag in self.HIDDEN_TEXT and t.text:
                self.hidden.append(t.text)
        self.hidden.append(' ')

    def _walk(self, el):
        tag = el.tag
        if tag in (q('del'), q('moveFrom')):
            self._hidden(el)
            return
        if tag in self.SKIP:
            return
        start = len(self.out)
        if tag == q('t'):
            self.out.append(el.text or '')
        elif tag == q('tab') and el.getparent().tag == q('r'):
            self.out.append(' ')
        elif tag in (q('br'), q('cr')):
            self.out.append('\n')
        elif tag == q('noBreakHyphen'):
            self.out.append('-')
        for ch in el:
            if isinstance(ch.tag, str):
                self._walk(ch)
        if tag == q('p'):
            mark_deleted = el.find('%s/%s/%s' % (q('pPr'), q('rPr'), q('del'))) is not None or \
                el.find('%s/%s/%s' % (q('pPr'), q('rPr'), q('moveFrom'))) is not None
            self.paragraphs.append((el, ''.join(self.out[start:])))
            if not mark_deleted:
                self.out.append('\n')
        elif tag == q('tc'):
            self.out.append('\n')

    def text(self):
        return ''.join(self.out)


def style_table(z):
    styles = {}
    if 'word/styles.xml' not in z.namelist():
        return styles
    root = etree.fromstring(z.read('word/styles.xml'))
    for st in root.iter(q('style')):
        sid = st.get(q('styleId'))
        based = st.find(q('basedOn'))
        lvl = st.find('%s/%s' % (q('pPr'), q('outlineLvl')))
        name = st.find(q('name'))
        styles[sid] = {'basedOn': based.get(q('val')) if based is not None else None,
                       'outline': int(lvl.get(q('val'))) if lvl is not None else None,
                       'name': name.get(q('val')) if name is not None else sid}
    return styles


def outline_level(p, styles):
    lvl = p.find('%s/%s' % (q('pPr'), q('outlineLvl')))
    if lvl is not None:
        return int(lvl.get(q('val')))
    ps = p.find('%s/%s' % (q('pPr'), q('pStyle')))
    sid = ps.get(q('val')) if ps is not None else None
    seen = set()
    while sid and sid in styles and sid not in seen:
        seen.add(sid)
        if styles[sid]['outline'] is not None:
            return styles[sid]['outline']
        sid = styles[sid]['basedOn']
    return None


def check_docx(c, path, e, use_lo):
    try:
        import docx  # noqa: F401
        d = docx.Document(path)
        c.ok(len(d.paragraphs) > 0, 'python-docx sees no paragraphs')
    except ImportError:
        print('   (python-docx not installed: open check skipped)')
    except Exception as ex:                                  # noqa: BLE001
        c.ok(False, 'python-docx cannot open: %s' % ex)
    z = zipfile.ZipFile(path)
    names = z.namelist()
    body = DocxText(etree.fromstring(z.read('word/document.xml')))
    parts_text = []
    for n in sorted(names):
        if re.match(r'word/(header|footer)\d*\.xml$', n) or n in ('word/comments.xml',):
            parts_text.append(DocxText(etree.fromstring(z.read(n))).text())
        elif n in ('word/footnotes.xml', 'word/endnotes.xml'):
            root = etree.fromstring(z.read(n))
            for fn in root:
                if fn.get(q('type')) in ('separator', 'continuationSeparator', 'continuationNotice'):
                    continue
                parts_text.append(DocxText(fn).text())
    body_text = body.text()
    all_tokens = toks(body_text) + sum(toks(t) for t in parts_text)
    c.ok(all_tokens == e['words_total'], 'visible words in file %d != words_total %d' % (all_tokens,
                                                                                      e['words_total']))
    nbody = norm(body_text)
    find_in_order(c, nbody, [norm(t['label'] + ' ' + t['text']) for t in e['turns']], 'label + turn text')
    for o in e['other']:
        c.ok(o in nbody, 'other text not in body: %r' % o[:60])
    nparts = norm(' '.join(parts_text))
    nhidden = norm(''.join(body.hidden))
    for lo in e['left_out']:
        if lo['visible']:
            where = nbody if lo['kind'] == 'tijdstempel' else nparts
            c.ok(lo['text'] in where, 'left_out %s not found: %r' % (lo['kind'], lo['text'][:60]))
        else:
            c.ok(lo['text'] in nhidden, 'deleted text not found among deletions: %r' % lo['text'][:60])
    # headings: a paragraph of exactly that text; outline level (style chain or direct) matches the level
    styles = style_table(z)
    paras = {}
    for p, t in body.paragraphs:
        paras.setdefault(norm(t), []).append(p)
    for h in e['headings']:
        ps = paras.get(h['text'], [])
        if not c.ok(ps, 'heading paragraph not found: %r' % h['text']):
            continue
        p = ps[0]
        if p.getparent().tag == q('tc'):
            span = p.getparent().find('%s/%s' % (q('tcPr'), q('gridSpan')))
            c.ok(span is not None, 'table heading row is not a merged cell: %r' % h['text'])
        else:
            lvl = outline_level(p, styles)
            c.ok(lvl is not None and lvl + 1 == h['level'],
                 'heading %r has outline level %s, manifest says level %s' % (h['text'], lvl, h['level']))
    # no turn paragraph may carry an outline level
    for p, t in body.paragraphs:
        if norm(t) and norm(t) not in [h['text'] for h in e['headings']]:
            c.ok(outline_level(p, styles) is None, 'non-heading paragraph has an outline level: %r' % t[:50])
    if use_lo:
        soffice = shutil.which('soffice') or shutil.which('libreoffice')
        if not soffice:
            print('   (soffice not found: LibreOffice check skipped)')
        else:
            with tempfile.TemporaryDirectory() as tmp:
                r = subprocess.run([soffice, '--headless', '--convert-to', 'pdf', '--outdir', tmp, path],
                                   capture_output=True, text=True, timeout=180)
                pdf = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + '.pdf')
                c.ok(r.returncode == 0 and os.path.exists(pdf) and os.path.getsize(pdf) > 1000,
                     'LibreOffice could not convert the file')


# --------------------------------------------------------------------------- txt
def check_txt(c, path, e):
    raw = open(path, 'rb').read()
    c.ok(not raw.startswith(b'\xef\xbb\xbf'), 'unexpected BOM')
    enc = e['encoding']
    if enc == 'cp1252':
        try:
            raw.decode('utf-8')
            c.ok(False, 'a cp1252 fixture should not be valid UTF-8')
        except UnicodeDecodeError:
            pass
    text = raw.decode(enc)
    if e['line_endings'] == 'CRLF':
        c.ok(text.count('\r\n') == text.count('\n') == text.count('\r'), 'line endings are not all CRLF')
    else:
        c.ok('\r' not in text, 'CR found in an LF file')
    lines = text.splitlines()
    c.ok(all(ln.strip() for ln in lines), 'blank line found')
    c.ok(toks(text) == e['words_total'], 'words in file %d != words_total %d' % (toks(text), e['words_total']))
    n_other = len(e['other'])
    c.ok([norm(x) for x in lines[:n_other]] == e['other'], 'title/other lines differ')
    turn_lines = lines[n_other:]
    c.ok(len(turn_lines) == len(e['turns']), '%d turn lines, %d turns' % (len(turn_lines), len(e['turns'])))
    for ln, t in zip(turn_lines, e['turns']):
        c.ok(norm(ln) == norm(t['label'] + ' ' + t['text']), 'line differs: %r' % ln[:60])


# --------------------------------------------------------------------------- pdf
def pdf_pages_text(path):
    try:
        import pypdf
        return [p.extract_text() or '' for p in pypdf.PdfReader(path).pages], 'pypdf'
    except ImportError:
        pass
    exe = shutil.which('pdftotext')
    if exe:
        out = subprocess.run([exe, '-raw', '-enc', 'UTF-8', path, '-'], capture_output=True, text=True).stdout
        pages = out.split('\f')
        if pages and not pages[-1].strip():
            pages = pages[:-1]
        return pages, 'pdftotext -raw'
    return None, None


def check_pdf(c, path, e):
    data = open(path, 'rb').read()
    c.ok(data.startswith(b'%PDF-'), 'not a PDF')
    pages, tool = pdf_pages_text(path)
    if e['text_layer'] is False:
        c.ok(b'/Font' not in data, 'image-only PDF contains a font resource')
        c.ok(len(re.findall(rb'/Subtype\s*/Image', data)) >= e['pages'], 'fewer images than pages')
        c.ok(len(re.findall(rb'/Type\s*/Page[^s]', data)) == e['pages'], 'page count')
        if pages is not None:
            c.ok(not ''.join(pages).strip(), 'image-only PDF has extractable text')
        return
    if pages is None:
        print('   (neither pypdf nor pdftotext available: text-layer checks skipped)')
        return
    c.ok(len(pages) == e['pages'], '%d pages, manifest says %d' % (len(pages), e['pages']))
    raw_tokens = sum(toks(p) for p in pages)
    c.ok(raw_tokens == e['words_total_raw'], 'raw words %d != words_total_raw %d (%s)' % (
        raw_tokens, e['words_total_raw'], tool))
    header = [x['text'] for x in e['left_out'] if x['kind'].startswith('koptekst')][0]
    body_lines = []
    for i, ptxt in enumerate(pages):
        footer = 'Pagina %d van %d' % (i + 1, len(pages))
        lines = [ln.strip() for ln in ptxt.splitlines() if ln.strip()]
        c.ok(header in lines and footer in lines, 'header/footer missing on page %d' % (i + 1))
        body_lines += [ln for ln in lines if ln not in (header, footer)]
    # reflow: a line ending in "-" joins the next line without the hyphen, other line ends become a space
    out = ''
    for ln in body_lines:
        if out.endswith('-'):
            out = out[:-1] + ln
        else:
            out += (' ' if out else '') + ln
    c.ok(norm(out) == norm(' '.join(e['paragraphs'])), 'reflowed text layer differs from the paragraphs')
    for w in e['wrapped_lines_starting_with_lowercase_word_and_colon']:
        c.ok(w['line'] in body_lines, 'wrapped line not found at a line start: %r' % w['line'][:40])
    for h in e['hyphenations']:
        c.ok(any(ln.endswith(h['line_end']) for ln in body_lines), 'hyphenated line end %r not found' % h['line_end'])
    find_in_order(c, norm(' '.join(e['paragraphs'])), [norm(t['label'] + ' ' + t['text']) for t in e['turns']],
                  'label + turn text')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--libreoffice', action='store_true', help='also convert each .docx with soffice')
    a = ap.parse_args()
    with open(os.path.join(a.dir, 'MANIFEST.yaml'), encoding='utf-8') as f:
        manifest = yaml.safe_load(f)['files']
    c = Checker()
    passed = failed = 0
    for name, e in manifest.items():
        c.file_failures = 0
        path = os.path.join(a.dir, name)
        print('%s  (%d turns, %d speakers, %d words)' % (name, e['turn_count'], e['speaker_count'],
                                                         e['words_total']))
        if not c.ok(os.path.exists(path), 'file missing'):
            failed += 1
            continue
        check_internal(c, name, e)
        if e['format'] == 'docx':
            check_docx(c, path, e, a.libreoffice)
        elif e['format'] == 'txt':
            check_txt(c, path, e)
        elif e['format'].startswith('pdf'):
            check_pdf(c, path, e)
        print('   ok' if c.file_failures == 0 else '   %d failure(s)' % c.file_failures)
        if c.file_failures:
            failed += 1
        else:
            passed += 1
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if c.failures else 0)


if __name__ == '__main__':
    main()
