#!/usr/bin/env python3
"""The browser suite of the visual reports (doc/reports.md).

Run inside scripts/with-cluster (it needs PGHOST and the rest) with the
extension installed: loads test/reports/fixture.sql into a scratch
database, writes the dashboards and statements to files, renders each in
headless Chromium (render.mjs, DevTools protocol) and checks what the
browser saw: no console message and no request, a screenshot of the
page's size that is not blank, the SVG bars as high as their bucket
totals, Chinese drawn with a CJK font, the number of A4 pages a long
statement prints to. Prints TAP-like lines and appends "reports passed
failed" to $AR2C_TALLY. AR2C_REPORTS_KEEP=DIR keeps the files in DIR.
"""
import html.parser
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
DB = 'ar2c_reports'
AS_OF = '2026-06-30'
WIDTH, HEIGHT = 794, 1123  # an A4 page at 96 dpi, in CSS pixels
counts = {'passed': 0, 'failed': 0}
NODE = ['node']


def check(ok, what, detail=''):
    counts['passed' if ok else 'failed'] += 1
    print(f"  {'ok' if ok else 'not ok'} {counts['passed'] + counts['failed']} - {what}")
    if not ok and detail:
        print(f'    # {detail}')
    return ok


def psql(sql, db=DB):
    return subprocess.run(['psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql],
                          capture_output=True, text=True, check=True).stdout


def rows(sql):
    return [line.split('|') for line in psql(sql).splitlines() if line]


def node():
    """Node with a WebSocket client: built in from Node 22, behind a flag in 20 and 21."""
    builtin = subprocess.run(['node', '-e', "process.exit(typeof WebSocket === 'function' ? 0 : 1)"]).returncode == 0
    return ['node'] if builtin else ['node', '--experimental-websocket', '--no-warnings']


def render(page, out, selector='h1'):
    """Render a page; the browser's report (render.mjs) or None."""
    for attempt in (1, 2):
        done = subprocess.run(NODE + [os.path.join(HERE, 'render.mjs'), page, out, str(WIDTH), str(HEIGHT), selector],
                              capture_output=True, text=True, timeout=120)
        if done.returncode == 0:
            break
        # a browser that did not start or answer under load gets a second go
        print(f'    # render.mjs (attempt {attempt}, exit {done.returncode}): {done.stderr.strip()}')
    else:
        return None
    with open(out + '.json') as f:
        return json.load(f)


def png_pixels(path):
    """Width, height and the rows (RGB or RGBA bytes) of an 8-bit PNG."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, color, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
    if depth != 8 or interlace or color not in (2, 6):
        raise ValueError(f'PNG of depth {depth}, colour type {color}, interlace {interlace}')
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b''.join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    out = []
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (left + prev[x]) // 2) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(line)
        prev = line
    return width, height, bpp, out


def screenshot_checks(path, what):
    width, height, bpp, lines = png_pixels(path)
    check((width, height) == (WIDTH, HEIGHT), f'{what}: the screenshot is {WIDTH}x{HEIGHT}', f'it is {width}x{height}')
    grays = [(line[x] * 299 + line[x + 1] * 587 + line[x + 2] * 114) // 1000
             for line in lines for x in range(0, len(line), bpp * 2)]
    mean = sum(grays) / len(grays)
    variance = sum((g - mean) ** 2 for g in grays) / len(grays)
    inked = sum(1 for g in grays if g < 200) / len(grays)
    check(variance > 200 and inked > 0.02, f'{what}: the screenshot is not blank',
          f'variance {variance:.0f}, {inked:.1%} of the pixels inked')


def quiet_checks(seen, what):
    check(seen['requests'] == [], f'{what}: no network request', f"requests: {seen['requests']}")
    noise = seen['console'] + seen['exceptions'] + seen['log']
    check(noise == [], f'{what}: no console message, exception or browser log entry', f'{noise}')
    check(seen['scripts'] == 0, f'{what}: no script element', f"{seen['scripts']} scripts")


class Svg(html.parser.HTMLParser):
    """The bars and points of each section's charts, as the HTML has them."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.svg = {}
        self.bars = []
        self.points = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'section':
            self.section = a.get('id')
        elif tag == 'svg':
            self.svg = {'low': float(a['data-low']), 'high': float(a['data-high'])}
        elif tag == 'rect' and a.get('class') == 'bar':
            self.bars.append({'section': self.section, 'category': a['data-category'], 'series': a['data-series'],
                              'value': Decimal(a['data-value']), 'height': float(a['height']), **self.svg})
        elif tag == 'circle' and a.get('class') == 'point':
            self.points.append({'section': self.section, 'value': float(a['data-value']), 'cy': float(a['cy']),
                                **self.svg})


def parse_svg(path):
    parser = Svg()
    with open(path, encoding='utf-8') as f:
        parser.feed(f.read())
    return parser


def bars_match(bars, totals, what):
    """The bars of a chart add up to the totals per category, and each is
    as high as its value on the chart's scale."""
    got = {}
    for b in bars:
        got[b['category']] = got.get(b['category'], Decimal(0)) + b['value']
    wanted = {k: v for k, v in totals.items() if v != 0}
    check(got == wanted, f'{what}: the bars of each category add up to its total', f'bars {got}, totals {wanted}')
    worst = max((abs(b['height'] - float(b['value']) * 220 / (b['high'] - b['low'])) for b in bars), default=0)
    check(bars != [] and worst < 0.01, f'{what}: every bar is as high as its value on the scale',
          f'{len(bars)} bars, off by up to {worst:.4f}')


def pages(pdf):
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True).stdout
    m = re.search(r'^Pages:\s+(\d+)', info, re.M)
    return int(m.group(1)) if m else 0


def main():
    global NODE
    NODE = node()
    keep = os.environ.get('AR2C_REPORTS_KEEP')
    work = keep or tempfile.mkdtemp(prefix='ar2c-reports.')
    os.makedirs(work, exist_ok=True)
    subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'SET client_min_messages = warning',
                    '-c', f'DROP DATABASE IF EXISTS {DB}', '-c', f'CREATE DATABASE {DB}'], check=True,
                   capture_output=True)
    psql('CREATE EXTENSION ar2c')
    subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DB, '-f', os.path.join(HERE, 'fixture.sql')],
                   check=True, capture_output=True)

    files = {}
    for name, sql in [('dashboard_en', f"SELECT ar2c.report_html(1, '{AS_OF}')"),
                      ('dashboard_zh', f"SELECT ar2c.report_html(2, '{AS_OF}')"),
                      ('dashboard_empty_de', f"SELECT ar2c.report_html(3, '{AS_OF}')"),
                      ('statement_short_fr', f"SELECT ar2c.statement_html(402, '2026-01-01', '{AS_OF}')"),
                      ('statement_long_fr', f"SELECT ar2c.statement_html(401, '2026-01-01', '{AS_OF}')")]:
        files[name] = os.path.join(work, name + '.html')
        with open(files[name], 'w', encoding='utf-8') as f:
            f.write(psql(sql))

    print('== the control page: the checks can fail')
    seen = render(os.path.join(HERE, 'control.html'), os.path.join(work, 'control'))
    check(seen is not None and any('127.0.0.1:9' in r for r in seen['requests']),
          'control: its image request is seen')
    check(seen is not None and len(seen['console']) > 0 and len(seen['exceptions']) > 0 and seen['scripts'] == 1,
          'control: its script, console error and exception are seen')

    print('== the dashboard in English, with hostile names')
    out = os.path.join(work, 'dashboard_en')
    seen = render(files['dashboard_en'], out)
    if check(seen is not None, 'dashboard (en): renders'):
        quiet_checks(seen, 'dashboard (en)')
        name = psql('SELECT name FROM ar2c.company WHERE company_id = 1').rstrip('\n')
        check(seen['title'] == 'Receivables dashboard: ' + name,
              "dashboard (en): the company's hostile name is text in the title, not markup", seen['title'])
        screenshot_checks(out + '.png', 'dashboard (en)')
        svg = parse_svg(files['dashboard_en'])
        totals = {label: Decimal(total) for label, total in rows(
            f"SELECT ar2c.report_bucket(aging_bucket, 'en'), sum(reporting_amount) FROM ar2c.report_aging(1, '{AS_OF}') "
            "GROUP BY bucket_order, aging_bucket")}
        bars_match([b for b in svg.bars if b['section'] == 'aging'], totals, 'aging chart')
        rendered = [b for b in seen['bars'] if b['chart'] == 'aging']
        ratios = [b['height'] / b['value'] for b in rendered if b['value'] > 0]
        check(ratios != [] and (max(ratios) - min(ratios)) / max(ratios) < 0.01,
              'aging chart: the drawn bars are in proportion to their values in the browser too',
              f'height per unit from {min(ratios, default=0)} to {max(ratios, default=0)}')
        totals = {month: Decimal(total) for month, total in rows(
            f"SELECT to_char(month_end, 'YYYY-MM'), sum(open_amount) FROM ar2c.report_aging_trend(1, '{AS_OF}') "
            "GROUP BY month_end")}
        bars_match([b for b in svg.bars if b['section'] == 'aging-trend'], totals, 'aging trend')
        worst = max((abs(p['cy'] - (16 + (p['high'] - p['value']) / (p['high'] - p['low']) * 220)) for p in svg.points),
                    default=1)
        check(svg.points != [] and worst < 0.01, 'DSO and CEI lines: every point at its value on the scale',
              f'{len(svg.points)} points, off by up to {worst}')
        n = pages(out + '.pdf')
        check(2 <= n <= 6, 'dashboard (en): prints to 2 to 6 A4 pages', f'{n} pages')

    print('== the dashboard in Chinese')
    out = os.path.join(work, 'dashboard_zh')
    seen = render(files['dashboard_zh'], out)
    if check(seen is not None, 'dashboard (zh): renders'):
        quiet_checks(seen, 'dashboard (zh)')
        cjk = [f for f in seen['fonts'] if re.search(r'CJK|WenQuanYi|Noto Sans SC|Source Han', f['familyName'])]
        check(cjk != [] and sum(f['glyphCount'] for f in seen['fonts']) == sum(f['glyphCount'] for f in cjk),
              'dashboard (zh): the Chinese title is drawn with a CJK font, every glyph of it', f"fonts {seen['fonts']}")
        check(seen['title'].startswith('应收账款报表'), 'dashboard (zh): the title in Chinese', seen['title'])
        screenshot_checks(out + '.png', 'dashboard (zh)')

    print('== the dashboard of an empty ledger, in German')
    out = os.path.join(work, 'dashboard_empty_de')
    seen = render(files['dashboard_empty_de'], out, '#empty')
    if check(seen is not None, 'dashboard (empty, de): renders'):
        quiet_checks(seen, 'dashboard (empty, de)')
        check(seen['fonts'] != [], 'dashboard (empty, de): the notice that the ledger is empty is on the page')
        with open(files['dashboard_empty_de'], encoding='utf-8') as f:
            check('Keine Forderungen' in f.read(), 'dashboard (empty, de): it says so in German')
        screenshot_checks(out + '.png', 'dashboard (empty, de)')

    print('== customer statements, printed')
    out = os.path.join(work, 'statement_short_fr')
    seen = render(files['statement_short_fr'], out)
    if check(seen is not None, 'short statement: renders'):
        quiet_checks(seen, 'short statement')
        n = pages(out + '.pdf')
        check(n == 1, 'short statement: prints to one A4 page', f'{n} pages')
    out = os.path.join(work, 'statement_long_fr')
    seen = render(files['statement_long_fr'], out)
    if check(seen is not None, 'long statement: renders'):
        quiet_checks(seen, 'long statement')
        screenshot_checks(out + '.png', 'long statement')
        with open(files['statement_long_fr'], encoding='utf-8') as f:
            lines = f.read().count('<tr')
        # rows of 6 mm (and a rule) on 269 mm of an A4 page inside its margins
        least = math.ceil(lines * 6.26 / 269)
        n = pages(out + '.pdf')
        check(least <= n <= least + 2, f'long statement: {lines} table rows print to {least} to {least + 2} pages',
              f'{n} pages')
        second = subprocess.run(['pdftotext', '-f', '2', '-l', '2', out + '.pdf', '-'],
                                capture_output=True, text=True).stdout
        check('Débit' in second and 'Solde' in second, 'long statement: the table head repeats on the next page')

    print(f"  reports: {counts['passed']} passed, {counts['failed']} failed" + (f' (files in {work})' if keep else ''))
    with open(os.environ.get('AR2C_TALLY', os.devnull), 'a') as tally:
        tally.write(f"reports {counts['passed']} {counts['failed']}\n")
    if not keep:
        subprocess.run(['rm', '-rf', work])
    psql(f'DROP DATABASE {DB}', db='postgres')
    return 0 if counts['failed'] == 0 else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception as e:  # a crash counts as one failure more
        print(f'  not ok - the suite stopped: {e!r}')
        with open(os.environ.get('AR2C_TALLY', os.devnull), 'a') as tally:
            tally.write(f"reports {counts['passed']} {counts['failed'] + 1}\n")
        sys.exit(1)
