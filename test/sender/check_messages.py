#!/usr/bin/python3
"""Check the messages an SMTP sink stored against the notices they carry.

    check_messages.py DIR EXPECTED.json

EXPECTED.json lists the notices that must have arrived, each with
notice_id, customer_id, company_id, address, name (the customer's),
subject, body, language, from_name, from_address and items (invoice
numbers). Prints "ok - ..." / "not ok - ..." lines, one per property,
naming the languages checked. Standard library only.
"""
import email
import email.policy
import glob
import json
import re
import sys
from email.utils import parseaddr, parsedate_to_datetime

directory, expected_file = sys.argv[1], sys.argv[2]
with open(expected_file, encoding="utf-8") as f:
    expected = json.load(f) or []

raw = {}
parsed = {}
for name in sorted(glob.glob(directory + "/*.eml")):
    with open(name, "rb") as f:
        data = f.read()
    message = email.message_from_bytes(data, policy=email.policy.default)
    key = message["Message-ID"]
    raw.setdefault(key, []).append(data)
    parsed.setdefault(key, []).append(message)


def report(good, what, problems=()):
    print(("ok - " if good else "not ok - ") + what)
    for problem in list(problems)[:5]:
        print("#   " + problem)


def message_id(notice):
    return "<ar2c.notice.%s.%s.%s@%s>" % (notice["notice_id"], notice["customer_id"], notice["company_id"],
                                          notice["from_address"].split("@")[1])


problems = [ "%s arrived %d times" % (message_id(n), len(parsed.get(message_id(n), [])))
             for n in expected if len(parsed.get(message_id(n), [])) != 1 ]
report(not problems, "each of the %d notices arrived exactly once, under its Message-ID" % len(expected), problems)

languages = sorted({n["language"] for n in expected})
checks = {"headers": [], "ascii": [], "structure": [], "text": [], "html": []}
for notice in expected:
    messages = parsed.get(message_id(notice))
    if not messages:
        continue
    message = messages[0]
    data = raw[message_id(notice)][0]
    head = data.split(b"\r\n\r\n", 1)[0]
    tag = "%s (%s)" % (notice["notice_id"], notice["language"])
    # the header section is 7-bit: UTF-8 only as RFC 2047 encoded-words
    if any(b > 127 for b in head) or any(len(line) > 998 for line in head.split(b"\r\n")):
        checks["ascii"].append(tag + ": header not 7-bit or a line too long")
    subject = str(message["Subject"])
    to_name, to_address = parseaddr(str(message["To"]))
    from_name, from_address = parseaddr(str(message["From"]))
    wanted = [(subject, notice["subject"], "Subject"), (to_name, notice["name"], "To name"),
              (to_address, notice["address"], "To address"), (from_name, notice["from_name"], "From name"),
              (from_address, notice["from_address"], "From address"),
              (str(message["Content-Language"]), notice["language"], "Content-Language"),
              (parseaddr(str(message["Reply-To"]))[1], "ar@acme.example", "Reply-To"),
              (str(message["Auto-Submitted"]), "auto-generated", "Auto-Submitted")]
    for got, want, what in wanted:
        if got != want:
            checks["headers"].append("%s: %s is %r, not %r" % (tag, what, got, want))
    try:
        parsedate_to_datetime(str(message["Date"]))
    except (TypeError, ValueError):
        checks["headers"].append(tag + ": bad Date " + str(message["Date"]))
    if str(message["MIME-Version"]) != "1.0":
        checks["headers"].append(tag + ": no MIME-Version 1.0")
    alternative = [part for part in message.walk() if part.get_content_type() == "multipart/alternative"]
    if len(alternative) != 1:
        checks["structure"].append(tag + ": no multipart/alternative")
        continue
    kinds = [part.get_content_type() for part in alternative[0].iter_parts()]
    if kinds != ["text/plain", "text/html"]:
        checks["structure"].append("%s: alternative parts %s" % (tag, kinds))
        continue
    plain, html = alternative[0].iter_parts()
    if plain.get_content_charset() != "utf-8" or html.get_content_charset() != "utf-8":
        checks["structure"].append(tag + ": not charset utf-8")
    if plain.get_content().rstrip("\n") != notice["body"].rstrip("\n"):
        checks["text"].append("%s: text %r" % (tag, plain.get_content()[:80]))
    page = html.get_content()
    first_line = notice["body"].split("\n")[0]
    escaped = first_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    if escaped not in page or '<html lang="%s">' % notice["language"] not in page:
        checks["html"].append(tag + ": body or language missing from the HTML")
    cells = re.findall(r"<tr><td>([^<]*)</td>", page)
    if cells != notice["items"]:
        checks["html"].append("%s: items table %s, not %s" % (tag, cells, notice["items"]))

langs = ", ".join(languages)
report(not checks["headers"], "From, To, Subject (decoded), Reply-To, Date, Content-Language as the notice says (%s)" % langs, checks["headers"])
report(not checks["ascii"], "header sections are 7-bit, UTF-8 only in RFC 2047 encoded-words (%s)" % langs, checks["ascii"])
report(not checks["structure"], "multipart/alternative of text/plain and text/html, UTF-8 (%s)" % langs, checks["structure"])
report(not checks["text"], "the text part is the notice's body (%s)" % langs, checks["text"])
report(not checks["html"], "the HTML part has the body and the items as a table (%s)" % langs, checks["html"])
