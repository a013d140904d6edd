"""Invoice numbers as an ERP prints them, and the payment references it
issues with them (each scheme's check digits computed here, from the
published rules of the scheme).

Five numbering schemes, as a company that merged several ERPs over the
years has them:

    A  FA-2025-1569     prefix, year, counter
    B  FA2025/01569     prefix and year glued, slash, zero-padded counter
    C  INV-004711       prefix, zero-padded counter, no year
    D  2025-RE-0042     year first, the prefix in the middle
    E  90012345         plain 8 digits
"""

SCHEMES = "ABCDE"


def invoice_number(scheme, year, counter):
    if scheme == "A":
        return "FA-%d-%04d" % (year, 1000 + counter)
    if scheme == "B":
        return "FA%d/%05d" % (year, counter)
    if scheme == "C":
        return "INV-%06d" % (4000 + counter)
    if scheme == "D":
        return "%d-RE-%04d" % (year, counter)
    return "%08d" % (90010000 + counter)


def quoted_forms(number):
    """The ways a payer writes an invoice number: {habit: text}.

    full: as printed; no_prefix: the letters dropped (what a payer's
    accounts-payable system keeps when it stores only the "number part");
    digits: every separator gone too."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.startswith("FA-"):
        no_prefix = number[3:]
    elif number.startswith("FA"):
        no_prefix = number[2:]
    elif number.startswith("INV-"):
        no_prefix = number[4:]
    elif "-RE-" in number:
        no_prefix = number.replace("-RE-", "-")
    else:
        no_prefix = number
    if number.startswith("INV-"):
        digits = digits.lstrip("0")
    return {"full": number, "no_prefix": no_prefix, "digits": digits}


# -- check digits ---------------------------------------------------------

def _letters_to_digits(text):
    """ISO 7064 style: A=10 ... Z=35, digits as they are."""
    return "".join(str(int(ch, 36)) for ch in text)


def iban(country, bban):
    """An IBAN with its two check digits (ISO 13616, mod 97-10)."""
    check = 98 - int(_letters_to_digits(bban + country + "00")) % 97
    return "%s%02d%s" % (country, check, bban)


def rf_reference(payload):
    """ISO 11649 creditor reference: RF, two check digits, 1-21 characters
    of letters and digits."""
    payload = payload.upper()
    check = 98 - int(_letters_to_digits(payload + "RF00")) % 97
    return "RF%02d%s" % (check, payload)


def belgian_structured(base10):
    """Belgian structured communication: 10 digits and their remainder
    modulo 97 (97 for 0), shown as +++123/4567/89012+++."""
    check = int(base10) % 97 or 97
    digits = "%s%02d" % (base10, check)
    return "+++%s/%s/%s+++" % (digits[:3], digits[3:7], digits[7:])


def finnish_reference(base):
    """Finnish national reference: weights 7, 3, 1 from the right, check
    digit the distance to the next ten; printed in groups of five."""
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(base)))
    digits = base + str((10 - total % 10) % 10)
    groups = []
    while digits:
        groups.insert(0, digits[-5:])
        digits = digits[:-5]
    return " ".join(groups)


_QR_TABLE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def swiss_qr_reference(base26):
    """Swiss QR reference: 26 digits and a recursive modulo-10 check digit,
    27 digits printed as 2 then groups of 5."""
    carry = 0
    for d in base26:
        carry = _QR_TABLE[(carry + int(d)) % 10]
    digits = base26 + str((10 - carry) % 10)
    return digits[:2] + " " + " ".join(digits[i:i + 5] for i in range(2, 27, 5))


def luhn_digit(base):
    """The Luhn (modulus 10) check digit, as a Norwegian KID uses it."""
    total = 0
    for i, d in enumerate(reversed(base)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def norwegian_kid(base):
    return base + luhn_digit(base)


def payment_reference(scheme, customer_number, invoice_serial, rng):
    """The reference the ERP prints on an invoice for the payer to quote."""
    if scheme == "BE":
        return belgian_structured("%04d%06d" % (customer_number % 10000, invoice_serial))
    if scheme == "FI":
        return finnish_reference("%d%05d" % (customer_number, invoice_serial))
    if scheme == "CH":
        return swiss_qr_reference("%08d%06d%012d" % (rng.randrange(10 ** 8), customer_number, invoice_serial))
    if scheme == "NO":
        return norwegian_kid("%05d%06d" % (customer_number % 100000, invoice_serial))
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    payload = "%s%d%s%05d" % (rng.choice(letters), customer_number, rng.choice(letters), invoice_serial)
    return rf_reference(payload)


def compact_reference(reference):
    """How a payer or a bank writes an issued reference without the print
    layout: no spaces, no +++ and slashes."""
    return "".join(ch for ch in reference if ch.isalnum())
