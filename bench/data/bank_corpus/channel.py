"""What the banks do to a payment on its way: the limits and character
sets of the channel it travels, and the charges deducted.

    sepa         SEPA credit transfer: 140 characters of unstructured
                 remittance, 70 of name; many banks convert to the basic
                 Latin set (ä -> ae, é -> e)
    swift        MT103: field 70 is 4 lines of 35 characters, field 50K the
                 name in 35-character lines, the SWIFT X character set
                 (upper case letters, digits, / - ? : ( ) . , ' + space);
                 anything else becomes ?; SHA/BEN charges deducted by
                 intermediary and receiving banks
    cn_domestic  a Chinese domestic transfer: Chinese text kept, the
                 postscript (附言) short
"""

import unicodedata

X_EXTRA = set("/-?:().,'+ ")
GERMAN_FOLD = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
SPECIAL_FOLD = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "ß": "ss", "&": "+",
                "°": "o", "№": "NO"}
CHARGES = {"EUR": ["7.50", "10.00", "12.50", "15.00", "20.00", "25.00"],
           "USD": ["10.00", "15.00", "20.00", "25.00", "30.00"],
           "GBP": ["5.00", "6.00", "10.00", "15.00"], "CHF": ["10.00", "15.00", "20.00"],
           "CNY": ["50.00", "100.00", "150.00", "200.00"]}
TEXT_LIMIT = {"sepa": 140, "swift": 140, "cn_domestic": 60}


def strip_accents(text):
    text = "".join(SPECIAL_FOLD.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def sepa_fold(text, german):
    """The basic Latin set as a SEPA bank converts to it (a word in capitals
    stays in capitals: HÖLLER -> HOELLER)."""
    if german:
        text = " ".join(_fold_word(w) for w in text.split(" "))
    return strip_accents(text)


def _fold_word(word):
    folded = "".join(GERMAN_FOLD.get(ch, ch) for ch in word)
    return folded.upper() if word.isupper() else folded


def x_charset(text, upper):
    """The SWIFT X character set: what is not in it becomes ?."""
    text = strip_accents(unicodedata.normalize("NFKC", text))
    if upper:
        text = text.upper()
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch in X_EXTRA else "?" for ch in text)


def swift_lines(text, joiner):
    """Field 70: cut into lines of 35, at most 4; the statement shows them
    joined by the bank's importer."""
    lines = [text[i:i + 35] for i in range(0, min(len(text), TEXT_LIMIT["swift"]), 35)]
    return joiner.join(lines)


def charge(rng, currency, hard):
    """What the intermediary and receiving banks take, in the payment's
    currency (0 for none): one bank, sometimes two."""
    if rng.random() >= (0.70 if hard else 0.35):
        return 0
    units = int(rng.choice(CHARGES[currency]).replace(".", ""))
    if rng.random() < (0.3 if hard else 0.15):
        units += int(rng.choice(CHARGES[currency]).replace(".", ""))
    return units
