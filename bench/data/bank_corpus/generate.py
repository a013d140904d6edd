#!/usr/bin/env python3
"""A bank-side corpus of payments for cash application, with the truth
kept aside.

    generate.py --out DIR [--customers N] [--seed S] [--profile ordinary|hard]

Writes CSV files into DIR that bench/data/bank_corpus/load.sql loads the
way an ERP (customers, their registered names and known accounts,
invoices) and a bank import (payments: what the statement carries) would,
and the truth (who meant to pay which invoices with how much, the charge
the banks took, the damage done on the way) for the report only. Same
seed and arguments, same files.
"""

import argparse
import csv
import datetime
import os
import random

import channel
import habits
import numbering
import parties

COMPANY = 1
TODAY = datetime.date(2026, 7, 15)
# kinds that say what a payment is, not what was done to it: a payment
# with none but these is clean
DESCRIPTIVE = {"multi", "statement", "new_account"}
ROUND_AMOUNTS = [25000, 50000, 100000, 120000, 150000, 250000, 500000]


class Invoice:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Corpus:
    def __init__(self, rng, hard):
        self.rng, self.hard = rng, hard
        self.invoices, self.payments, self.history = [], [], []

    def p(self, ordinary, hard):
        """True with the profile's probability."""
        return self.rng.random() < (hard if self.hard else ordinary)

    # -- the ERP's side -----------------------------------------------------

    def build_ledger(self, count):
        rng = self.rng
        self.customers = parties.customers(rng, count, self.hard)
        self.payers = parties.payers_for_others(rng, self.customers, self.hard)
        for payer in self.payers:
            first = next(c for c in self.customers if c.payer is payer)
            payer.lang = "en" if payer.kind == "factor" else first.lang
            payer.reference_scheme = first.reference_scheme
            payer.habit = habits.Habit(rng, payer, self.hard)
            if payer.kind == "factor" and rng.random() < 0.7:
                payer.habit.quote = "full"
        for c in self.customers:
            c.habit = habits.Habit(rng, c, self.hard)
            c.scheme = rng.choice(numbering.SCHEMES)
            c.terms = rng.choice([14, 30, 30, 30, 45, 60])
            count = rng.randint(14, 30) if c.habit.batch == "statement" else rng.randint(3, 12)
            for _ in range(count):
                issued = datetime.date(2025, 10, 1) + datetime.timedelta(days=rng.randrange(268))
                self.invoices.append(Invoice(
                    customer=c, issued=issued, due=issued + datetime.timedelta(days=c.terms),
                    scheme=c.scheme if rng.random() < 0.85 else rng.choice(numbering.SCHEMES),
                    units=self.amount(c.currency),
                    po=("4500%06d" % rng.randrange(10 ** 6)) if rng.random() < 0.5
                    else "PO-%d-%04d" % (issued.year, rng.randrange(10 ** 4)),
                    po_known=rng.random() < 0.7, reference=None))
        self.invoices.sort(key=lambda i: (i.issued, i.customer.customer_id))
        counters = {}
        for n, inv in enumerate(self.invoices, start=1):
            key = (inv.scheme, inv.issued.year if inv.scheme in "ABD" else 0)
            counters[key] = counters.get(key, 0) + 1
            inv.invoice_id = n
            inv.number = numbering.invoice_number(inv.scheme, inv.issued.year, counters[key])
            if inv.customer.reference_scheme:
                inv.reference = numbering.payment_reference(inv.customer.reference_scheme,
                                                            inv.customer.customer_number, n, rng)
            inv.open = inv.units

    def amount(self, currency):
        rng = self.rng
        if rng.random() < 0.12:
            units = rng.choice(ROUND_AMOUNTS)
        else:
            units = int(min(max(rng.lognormvariate(7.5, 1.1), 35), 250000) * 100)
        return units * 7 if currency == "CNY" else units

    # -- the payers' side ---------------------------------------------------

    def plan_payments(self):
        rng = self.rng
        by_customer = {}
        for inv in self.invoices:
            by_customer.setdefault(inv.customer.customer_id, []).append(inv)
        for c in self.customers:
            open_items = sorted(by_customer[c.customer_id], key=lambda i: (i.due, i.invoice_id))
            for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
                if len(open_items) < 2:
                    break
                purpose = "normal"
                x = rng.random()
                if x < (0.07 if self.hard else 0.04):
                    purpose = "partial"
                elif x < (0.12 if self.hard else 0.07):
                    purpose = "remainder"
                elif x < (0.14 if self.hard else 0.08):
                    purpose = "overpaid"
                habit = (c.payer or c).habit
                size = 1
                if purpose == "normal":
                    size = {"single": 1 if rng.random() < 0.9 else 2, "few": rng.randint(2, 5),
                            "statement": rng.randint(10, 20)}[habit.batch]
                size = min(size, len(open_items) - 1)
                if rng.random() < 0.85:
                    chosen = open_items[:size]
                else:
                    chosen = sorted(rng.sample(open_items, size), key=lambda i: (i.due, i.invoice_id))
                for inv in chosen:
                    open_items.remove(inv)
                self.payment(c, chosen, purpose)

    def payment(self, c, items, purpose):
        rng = self.rng
        payer = c.payer or c
        habit = payer.habit
        kinds = []
        meant = {inv.invoice_id: inv.open for inv in items}
        excess = 0
        if purpose == "partial":
            inv = items[0]
            part = inv.open * rng.choice([0.3, 0.5, 0.5, 0.6, 0.75])
            meant[inv.invoice_id] = max(int(part // 10000 * 10000) if part > 20000 else int(part), 100)
            kinds.append("partial")
        elif purpose == "remainder":
            inv = items[0]
            paid = max(int(inv.open * rng.choice([0.3, 0.4, 0.5])) // 100 * 100, 100)
            self.history.append((inv, paid))
            inv.open -= paid
            meant[inv.invoice_id] = inv.open
            kinds.append("remainder")
        elif purpose == "overpaid":
            excess = rng.choice([100, 500, 1000, 2500, 5000])
            kinds.append("overpaid")
        if len(items) >= 10:
            kinds.append("statement")
        elif len(items) > 1:
            kinds.append("multi")

        # the channel
        if c.country == "CN":
            chan = "cn_domestic" if c.currency == "CNY" else "swift"
        elif payer is not c:
            chan = "swift" if payer.country == "HK" or c.currency != "EUR" else "sepa"
        elif c.currency == "EUR":
            chan = "swift" if self.p(0.05, 0.15) else "sepa"
        else:
            chan = "swift"
        lang = habit.swift_lang if chan == "swift" else habit.lang
        if lang == "zh" and chan == "swift":
            kinds.append("chinese_text_lost")

        # the numbers the payer quotes, and its own damage
        quote = habit.quote
        quotes, known = [], []
        for inv in items:
            if quote == "payref" and inv.reference:
                q = inv.reference if rng.random() < 0.5 else numbering.compact_reference(inv.reference)
                kinds.append("creditor_reference")
                known.append(True)
            elif quote == "po":
                q = inv.po
                known.append(inv.po_known)
            elif quote == "none":
                continue
            else:
                forms = numbering.quoted_forms(inv.number)
                q = forms["full" if quote == "payref" else quote]
                if q != inv.number:
                    kinds.append("prefix_dropped" if quote == "no_prefix" else "bare_number")
                known.append(True)
            quotes.append(q)
        if quote == "po":
            kinds.append("payer_po")
        if not quotes:
            kinds.append("no_reference")
        if quotes and self.p(0.02, 0.08):
            i = rng.randrange(len(quotes))
            damaged = habits.ocr(rng, quotes[i])
            if damaged != quotes[i]:
                quotes[i] = damaged
                kinds.append("ocr")
        if quotes and self.p(0.02, 0.07):
            i = rng.randrange(len(quotes))
            damaged = habits.swap_digits(rng, quotes[i])
            if damaged != quotes[i]:
                quotes[i] = damaged
                kinds.append("swapped_digits")
        if len(quotes) > 1 and self.p(0.05, 0.15):
            i = rng.randrange(len(quotes))
            quotes[i] = habits.mangle(rng, quotes[i])
            known[i] = False
            kinds.append("list_mangled")
        if chan == "cn_domestic" and quotes and self.p(0.15, 0.35):
            quotes = [habits.fullwidth(q) for q in quotes]
            kinds.append("fullwidth")

        purpose_words = ("none" if not quotes else "po" if quote == "po"
                         else purpose if purpose in ("partial", "remainder")
                         else "many" if len(quotes) > 1 else "one")
        first = items[0]
        date = first.issued.strftime("%d.%m.%Y" if lang == "de" else "%d/%m/%Y" if lang in ("fr", "it", "es")
                                     else "%Y-%m-%d")
        raw = habits.write(rng, habit, lang, purpose_words, quotes, c.customer_number, date,
                           "AV%06d" % rng.randrange(10 ** 6))

        # what the banks do to the text and the name
        if chan == "sepa":
            fold = rng.random() < 0.5
            german = habit.lang == "de"
            transform = (lambda s: channel.sepa_fold(s, german)) if fold else (lambda s: s)
            full = transform(raw)
            text = full[:channel.TEXT_LIMIT["sepa"]]
            name = self.written_name(payer)
            name = transform(name)[:70]
        elif chan == "swift":
            upper = rng.random() < 0.85
            transform = lambda s: channel.x_charset(s, upper)  # noqa: E731
            full = transform(raw)
            joiner = rng.choice(["", "", "", " ", " ", "\n"])
            text = channel.swift_lines(full, joiner)
            if joiner and any(len(q) > 1 and transform(q) not in text and transform(q) in full[:140]
                              for q in quotes):
                kinds.append("line_break")
            if payer is c and c.chinese is not None:
                if self.p(0.05, 0.12):
                    name = "?" * len(c.name)
                    kinds.append("question_marks")
                else:
                    name = c.chinese.abroad(rng, self.hard)
                    kinds.append("pinyin_name")
            else:
                name = channel.x_charset(self.written_name(payer), True)
            if len(name) > 35:
                name = name[:35] if rng.random() < 0.6 else name[:35] + " " + name[35:70]
                kinds.append("name_cut")
        else:
            transform = lambda s: s  # noqa: E731
            full = raw
            text = raw[:channel.TEXT_LIMIT["cn_domestic"]]
            if payer is c and rng.random() < 0.15:
                name = c.chinese.short
                kinds.append("short_name")
            else:
                name = payer.name
        squeezed = "".join(text.split()).upper()
        survived = [("".join(transform(q).split()).upper() in squeezed) for q in quotes]
        lost = [q for q, s in zip(quotes, survived)
                if not s and "".join(transform(q).split()).upper() in "".join(full.split()).upper()]
        if lost:
            kinds.append("multi_truncated" if len(quotes) > 1 else "truncated")
        if self.p(0.02, 0.10):
            name = None
            kinds.append("blank_name")

        # the account it pays from, and whether the ERP knows it for this customer
        if payer is c:
            acct = c.accounts[0] if rng.random() < 0.85 else c.accounts[-1]
            account_evidence = c.account_known and acct == c.accounts[0]
            if not account_evidence:
                kinds.append("new_account")
        else:
            acct = payer.account
            account_evidence = payer.known_for == c.customer_id
            kinds.append("factoring_account")

        units = sum(meant.values()) + excess
        charge = 0
        if chan == "swift":
            charge = channel.charge(rng, c.currency, self.hard)
            if charge * 3 > units:
                charge = 0
            if charge:
                kinds.append("bank_charge")
                units -= charge

        name_usable = payer is c and name is not None and "?" not in name
        identifiable = any(s and k for s, k in zip(survived, known)) or account_evidence or name_usable
        self.add_payment(c.customer_id, identifiable, chan, kinds, charge, excess, meant, units, c.currency,
                         name, acct, text, self.end_to_end(chan, quotes))

    def written_name(self, payer):
        """How the payer's own bank has its name: as registered, upper
        case, without the legal form, or cut."""
        x = self.rng.random()
        if x < 0.65:
            return payer.name
        if x < 0.8:
            return payer.name.upper()
        if x < 0.92 and " " in payer.name:
            return payer.name.rsplit(" ", 1)[0]
        return payer.name[:max(len(payer.name) - 5, 8)]

    def end_to_end(self, chan, quotes):
        rng = self.rng
        if chan != "sepa":
            return None
        x = rng.random()
        if x < 0.5:
            return "NOTPROVIDED"
        if x < 0.9 or not quotes:
            return "E2E%010d" % rng.randrange(10 ** 10)
        return "".join(quotes[0].split())[:35]

    def strangers(self):
        """Payments from people who are no customers."""
        rng = self.rng
        texts = ["Miete Juli 2026", "Kaution", "Erstattung Gutschrift", "Rechnung 2026-0815", "Order 55-1234",
                 "Spende", "Invoice 88231", "Refund order 1234567", "Remboursement", "Loyer juillet",
                 "Vs. fattura 2026/118", "Rückzahlung Darlehen", "货款", "Deposit booking 4411"]
        open_units = [i.open for i in self.invoices if i.customer.currency == "EUR"]
        for _ in range(int(len(self.payments) * (0.05 if self.hard else 0.02))):
            s = parties.stranger(rng)
            units = rng.choice(open_units) if rng.random() < 0.3 else rng.randrange(1000, 500000)
            self.add_payment(None, False, "sepa", ["unknown_payer"], 0, 0, {}, units, "EUR",
                             s.name, s.account, rng.choice(texts), self.end_to_end("sepa", []))

    def add_payment(self, customer_id, identifiable, chan, kinds, charge, excess, meant, units, currency,
                    name, acct, text, e2e):
        self.payments.append(dict(
            customer_id=customer_id, identifiable=identifiable, channel=chan,
            kinds=kinds if set(kinds) - DESCRIPTIVE else kinds + ["clean"],
            charge=charge, excess=excess, meant=meant, units=units, currency=currency,
            name=name, account=acct, text=text, e2e=e2e))

    # -- output -------------------------------------------------------------

    def write(self, out):
        rng = self.rng
        os.makedirs(out, exist_ok=True)

        def table(name, rows):
            with open(os.path.join(out, name + ".csv"), "w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows(rows)

        def money(units, currency):
            return "%d.%02d %s" % (units // 100, units % 100, currency)

        table("customer", [(c.customer_id, COMPANY, "K%d" % c.customer_number, c.name, c.currency, c.terms)
                           for c in self.customers])
        table("customer_alias", [(c.customer_id, COMPANY, c.english, "master_data")
                                 for c in self.customers if getattr(c, "english", None)])
        known = [(COMPANY, c.accounts[0], c.customer_id, "master_data") for c in self.customers if c.account_known]
        known += [(COMPANY, p.account, p.known_for, "master_data") for p in self.payers if p.known_for]
        table("payer_account", known)
        table("invoice", [(i.invoice_id, COMPANY, i.customer.customer_id, i.number,
                           i.po if i.po_known else None, i.issued, i.due, money(i.units, i.customer.currency))
                          for i in self.invoices])
        table("invoice_reference", [(i.invoice_id, i.reference) for i in self.invoices if i.reference])
        history, applications = [], []
        for n, (inv, paid) in enumerate(self.history, start=1):
            c = inv.customer
            day = inv.due + datetime.timedelta(days=rng.randrange(5, 30))
            history.append((n, COMPANY, min(day, TODAY - datetime.timedelta(days=20)),
                            money(paid, c.currency), c.name, c.accounts[0],
                            "%s %s" % ("Teilzahlung", inv.number), None, "HIST-%06d" % n))
            applications.append((COMPANY, c.customer_id, inv.invoice_id, n, money(paid, c.currency), "manual"))
        rng.shuffle(self.payments)
        first = len(history) + 1
        rows, truth, truth_invoices = [], [], []
        for n, p in enumerate(self.payments, start=first):
            day = TODAY - datetime.timedelta(days=rng.randrange(14))
            rows.append((n, COMPANY, day, money(p["units"], p["currency"]), p["name"], p["account"],
                         p["text"], p["e2e"], "%s-%08d" % (p["channel"].upper(), n)))
            truth.append((n, "t" if p["identifiable"] else "f", p["customer_id"], p["channel"],
                          "{%s}" % ",".join(sorted(set(p["kinds"]))), p["charge"], p["excess"]))
            truth_invoices += [(n, inv, units) for inv, units in p["meant"].items()]
        table("payment", history + rows)
        table("application", applications)
        table("truth_payment", truth)
        table("truth_invoice", truth_invoices)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", choices=["ordinary", "hard"], default="ordinary")
    args = parser.parse_args()
    corpus = Corpus(random.Random("bank_corpus/%d/%s" % (args.seed, args.profile)), args.profile == "hard")
    corpus.build_ledger(args.customers)
    corpus.plan_payments()
    corpus.strangers()
    corpus.write(args.out)
    print("%d customers, %d invoices, %d payments" % (len(corpus.customers), len(corpus.invoices),
                                                      len(corpus.payments)))


if __name__ == "__main__":
    main()
