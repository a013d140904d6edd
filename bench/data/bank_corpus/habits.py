"""How a payer writes its remittance text: a habit per payer (how many
invoices it settles at once, which number it quotes, the words and
separators of its language), and the damage a payer does itself (a
scanned paper slip, a typo, a Chinese input method).
"""

# words around the numbers, by language and by what the payment is for
TEMPLATES = {
    "de": {"one": ["Rechnung {refs}", "Rg. {refs}", "RE {refs}", "Re-Nr. {refs}", "Zahlung Rechnung {refs}",
                   "{refs}", "Rechnung Nr. {refs} vom {date}", "Kd-Nr. {cust} Rg {refs}"],
           "many": ["Rechnungen {refs}", "Sammelzahlung {refs}", "Rg. {refs}", "RE {refs}",
                    "Ausgleich Rechnungen {refs}", "{refs}"],
           "partial": ["Teilzahlung Rechnung {refs}", "Anzahlung {refs}", "Akonto {refs}"],
           "remainder": ["Restzahlung {refs}", "Rest Rechnung {refs}", "Restbetrag Rg. {refs}"],
           "none": ["Zahlung", "Lieferung Mai", "Zahlungsavis {advice} per E-Mail", "Kd-Nr. {cust}",
                    "Ausgleich Konto"],
           "po": ["Bestellung {refs}", "Unsere Bestellnr. {refs}", "Best.-Nr. {refs}"]},
    "fr": {"one": ["Facture {refs}", "Fact. {refs}", "Règlement facture {refs}", "Paiement {refs}",
                   "Reglement fact {refs}", "{refs}", "Facture n° {refs} du {date}"],
           "many": ["Factures {refs}", "Règlement factures {refs}", "Paiement {refs}", "Fact {refs}"],
           "partial": ["Acompte facture {refs}", "Paiement partiel {refs}"],
           "remainder": ["Solde facture {refs}", "Solde {refs}"],
           "none": ["Paiement", "Virement", "Avis de paiement {advice}", "Client {cust}"],
           "po": ["Commande {refs}", "Notre commande {refs}", "Bon de commande {refs}"]},
    "it": {"one": ["Fattura {refs}", "Fatt. n. {refs}", "Saldo fattura {refs}", "Bonifico fatt {refs}",
                   "{refs}", "Pagamento fattura {refs} del {date}"],
           "many": ["Fatture {refs}", "Pagamento fatture {refs}", "Saldo fatt. {refs}"],
           "partial": ["Acconto fattura {refs}", "Pagamento parziale {refs}"],
           "remainder": ["Saldo residuo fattura {refs}", "Saldo {refs}"],
           "none": ["Bonifico", "Pagamento fornitura", "Vs. cliente {cust}"],
           "po": ["Ordine {refs}", "Ns. ordine {refs}"]},
    "es": {"one": ["Factura {refs}", "Fra. {refs}", "Pago factura {refs}", "{refs}", "Fact. {refs}"],
           "many": ["Facturas {refs}", "Pago fras {refs}", "Pago facturas {refs}"],
           "partial": ["Pago parcial factura {refs}", "Anticipo {refs}"],
           "remainder": ["Resto factura {refs}", "Saldo pendiente {refs}"],
           "none": ["Transferencia", "Pago proveedor", "Cliente {cust}"],
           "po": ["Pedido {refs}", "N/pedido {refs}"]},
    "da": {"one": ["Faktura {refs}", "Fakturanr {refs}", "Betaling faktura {refs}", "{refs}"],
           "many": ["Fakturaer {refs}", "Betaling {refs}"],
           "partial": ["Delbetaling {refs}"], "remainder": ["Restbetaling {refs}"],
           "none": ["Betaling", "Kunde {cust}"], "po": ["Ordre {refs}"]},
    "sv": {"one": ["Faktura {refs}", "Fakturanr {refs}", "Betalning faktura {refs}", "{refs}"],
           "many": ["Fakturor {refs}", "Betalning {refs}"],
           "partial": ["Delbetalning {refs}"], "remainder": ["Restbetalning {refs}"],
           "none": ["Betalning", "Kund {cust}"], "po": ["Order {refs}"]},
    "no": {"one": ["Faktura {refs}", "Fakturanr {refs}", "Betaling faktura {refs}", "{refs}"],
           "many": ["Fakturaer {refs}", "Betaling {refs}"],
           "partial": ["Delbetaling {refs}"], "remainder": ["Restbeløp {refs}"],
           "none": ["Betaling", "Kunde {cust}"], "po": ["Bestilling {refs}"]},
    "fi": {"one": ["Lasku {refs}", "Laskun nro {refs}", "Maksu lasku {refs}", "{refs}"],
           "many": ["Laskut {refs}", "Maksu {refs}"],
           "partial": ["Osamaksu {refs}"], "remainder": ["Loppumaksu {refs}"],
           "none": ["Maksu", "Asiakas {cust}"], "po": ["Tilaus {refs}"]},
    "en": {"one": ["INV {refs}", "Invoice {refs}", "SETTLEMENT OF {refs}", "{refs} thank you",
                   "Payment for invoice {refs}", "INV NO.{refs}", "/INV/{refs}", "GOODS PAYMENT {refs}",
                   "T/T PAYMENT INV {refs}"],
           "many": ["INVOICES {refs}", "SETTLEMENT OF {refs}", "Payment for invoices {refs}", "INV {refs}",
                    "{refs}"],
           "partial": ["Part payment inv {refs}", "ADVANCE PAYMENT {refs}", "PARTIAL PAYMENT {refs}"],
           "remainder": ["Balance of invoice {refs}", "BALANCE PAYMENT {refs}"],
           "none": ["PAYMENT", "GOODS PAYMENT", "Remittance advice {advice} by email", "Customer {cust}",
                    "T/T PAYMENT"],
           "po": ["PO {refs}", "Our PO {refs}", "ORDER {refs}"]},
    "zh": {"one": ["货款 {refs}", "付款 发票号{refs}", "发票号：{refs}", "用途：货款 {refs}", "支付{refs}货款",
                   "{refs}"],
           "many": ["货款 发票号{refs}", "付款 {refs}", "支付货款 {refs}"],
           "partial": ["部分付款 {refs}", "预付款 {refs}"], "remainder": ["尾款 {refs}", "余款 {refs}"],
           "none": ["货款", "往来款", "付款", "支付货款"], "po": ["订单号{refs}", "合同号{refs}"]},
}
SEPARATORS = {"de": [", ", " ", "/", "; ", " und ", " + "], "fr": [", ", " ", " et ", "/", " - "],
              "it": [", ", " ", " e ", "/", "-"], "es": [", ", " ", " y ", "/"],
              "da": [", ", " "], "sv": [", ", " "], "no": [", ", " "], "fi": [", ", " "],
              "en": [", ", " ", "/", " AND ", " & "], "zh": ["，", "、", " ", ","]}

# OCR reads a scanned paper slip: digits and letters that look alike
OCR_CONFUSION = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "O": "0", "I": "1", "S": "5", "B": "8"}


class Habit:
    def __init__(self, rng, payer, hard):
        self.lang = payer.lang
        self.batch = _pick(rng, [("single", 55), ("few", 33), ("statement", 12)])
        self.quote = _pick(rng, [("full", 44 if hard else 55), ("no_prefix", 16 if hard else 10),
                                 ("digits", 12 if hard else 7), ("po", 8 if hard else 6),
                                 ("payref", 0 if payer.reference_scheme is None else 40),
                                 ("none", 15 if hard else 7)])
        self.separator = rng.choice(SEPARATORS[self.lang])
        self.templates = {k: rng.sample(v, min(2, len(v))) for k, v in TEMPLATES[self.lang].items()}
        # Chinese payers abroad have their bank type English, or type Chinese
        # that SWIFT cannot carry
        self.swift_lang = "en" if self.lang != "zh" or rng.random() < (0.65 if hard else 0.8) else "zh"


def _pick(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def write(rng, habit, lang, purpose, quotes, cust, date, advice):
    """The remittance text: quotes (strings already damaged by the payer)
    inside the payer's words for this purpose (one, many, partial,
    remainder, none, po)."""
    table = TEMPLATES[lang]
    own = habit.templates.get(purpose) if lang == habit.lang else None
    template = rng.choice(own or table[purpose])
    sep = habit.separator if lang == habit.lang else rng.choice(SEPARATORS[lang])
    return template.format(refs=sep.join(quotes), cust=cust, date=date, advice=advice)


def ocr(rng, text):
    """One character misread (a scanned slip or a payer retyping one)."""
    spots = [i for i, ch in enumerate(text) if ch in OCR_CONFUSION]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + OCR_CONFUSION[text[i]] + text[i + 1:]


def swap_digits(rng, text):
    """Two adjacent different digits swapped."""
    spots = [i for i in range(len(text) - 1)
             if text[i].isdigit() and text[i + 1].isdigit() and text[i] != text[i + 1]]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def mangle(rng, text):
    """One digit dropped or changed: a number of a list typed wrong."""
    spots = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not spots:
        return text
    i = rng.choice(spots[len(spots) // 2:])
    if rng.random() < 0.5:
        return text[:i] + text[i + 1:]
    return text[:i] + str((int(text[i]) + rng.randint(1, 9)) % 10) + text[i + 1:]


def fullwidth(text):
    """As a Chinese input method types it: full-width digits, letters and
    hyphens."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)
