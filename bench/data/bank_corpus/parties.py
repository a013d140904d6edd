"""Who pays: customers of a European company (Latin-script names from
several countries, Chinese companies), the group treasuries and factoring
companies that pay for some of them, and strangers.
"""

import numbering
import pinyin

# country: language, (surnames), (trade words), (legal forms), name patterns
LATIN = {
    "DE": ("de", ["Müller", "Schäfer", "Weiß", "Bäcker", "Krüger", "Köhler", "Groß", "Schröder",
                  "Hoffmann", "Brückner", "Jäger", "Fuchs", "Wagner", "Zimmermann", "Hölzl", "Meißner"],
           ["Maschinenbau", "Präzisionstechnik", "Metallverarbeitung", "Elektrotechnik", "Kunststofftechnik",
            "Logistik", "Verpackungen", "Holzbau", "Medizintechnik", "Antriebstechnik"],
           ["GmbH", "GmbH & Co. KG", "AG", "KG", "e.K."], ["{s} {t} {f}", "{s} & Söhne {f}", "{t} {s} {f}"]),
    "AT": ("de", ["Gruber", "Huber", "Pichler", "Moser", "Steiner", "Wimmer", "Höller", "Pölzl"],
           ["Anlagenbau", "Stahlbau", "Fördertechnik", "Holzindustrie", "Handels"],
           ["GmbH", "AG", "KG"], ["{s} {t} {f}", "{t} {s} {f}"]),
    "FR": ("fr", ["Lefèvre", "Dubois", "Mercier", "Bérard", "Lemaître", "Rousseau", "Girard", "Faure",
                  "Chevalier", "Hébert", "Clément", "Benoît", "Gaillard", "Lécuyer"],
           ["Équipements", "Câblage", "Mécanique", "Transports", "Emballages", "Électricité", "Fonderie",
            "Matériaux"],
           ["SARL", "SAS", "S.A.", "EURL"], ["{t} {s} {f}", "Établissements {s} {f}", "{s} et Fils {f}"]),
    "BE": ("fr", ["Lambert", "Dupont", "Peeters", "Janssens", "Maes", "Willems", "Wouters", "Desmet"],
           ["Logistique", "Constructie", "Métallurgie", "Techniek", "Distribution"],
           ["SA", "SRL", "BV", "NV"], ["{s} {t} {f}", "{t} {s} {f}"]),
    "IT": ("it", ["Rossi", "Bianchi", "Ferrari", "Esposito", "Colombo", "Ricci", "Marino", "Greco",
                  "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Lombardi", "Nicolò", "Forlì"],
           ["Meccanica", "Impianti", "Trasporti", "Plastica", "Elettronica", "Tessile", "Arredamenti",
            "Costruzioni"],
           ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s."], ["{t} {s} {f}", "{s} {t} {f}", "Fratelli {s} {f}"]),
    "ES": ("es", ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Muñoz",
                  "Núñez", "Ibáñez", "Peña", "Cañizares"],
           ["Alimentación", "Construcciones", "Transportes", "Maquinaria", "Distribuciones", "Ingeniería",
            "Plásticos"],
           ["S.L.", "S.A.", "S.L.U."], ["{t} {s} {f}", "{s} {t} {f}", "Hermanos {s} {f}"]),
    "DK": ("da", ["Jørgensen", "Sørensen", "Mølgaard", "Kjær", "Nørgaard", "Bæk"],
           ["Maskinfabrik", "Transport", "Byg", "Stål"], ["A/S", "ApS"], ["{s} {t} {f}"]),
    "SE": ("sv", ["Håkansson", "Åberg", "Öberg", "Lindström", "Söderberg", "Ångström"],
           ["Bygg", "Verkstad", "Maskin", "Trä", "Plåt"], ["AB"], ["{s}s {t} {f}", "{s} {t} {f}"]),
    "NO": ("no", ["Bjørnstad", "Solberg", "Økland", "Hægeland", "Strøm"],
           ["Mekaniske", "Bygg", "Elektro"], ["AS", "ASA"], ["{s} {t} {f}"]),
    "FI": ("fi", ["Virtanen", "Mäkinen", "Häkkinen", "Korhonen", "Nieminen", "Jääskeläinen"],
           ["Kone", "Rakennus", "Metalli", "Sähkö"], ["Oy", "Oyj"], ["{s} {t} {f}", "{t} {s} {f}"]),
    "GB": ("en", ["Whitmore", "Ashford", "Pemberton", "Hargreaves", "Fairbairn", "Blackwood", "Thornton",
                  "Cartwright", "O'Neill", "McAllister"],
           ["Engineering", "Logistics", "Components", "Fabrications", "Plastics", "Supplies", "Foods"],
           ["Ltd", "Limited", "PLC", "LLP"], ["{s} {t} {f}", "{s} & Sons {f}", "{s} & Clarke {t} {f}"]),
    "CH": ("de", ["Brunner", "Gerber", "Keller", "Meier", "Frei", "Zürcher", "Bühler"],
           ["Apparatebau", "Uhrenteile", "Feinmechanik", "Handels"], ["AG", "GmbH", "SA", "Sàrl"],
           ["{s} {t} {f}"]),
}
# where the company's Latin-script customers are, by weight
COUNTRY_WEIGHTS = [("DE", 30), ("AT", 6), ("FR", 14), ("BE", 6), ("IT", 12), ("ES", 9), ("DK", 3),
                   ("SE", 4), ("NO", 3), ("FI", 3), ("GB", 7), ("CH", 3)]
# the scheme of payment reference the ERP prints for a country
REFERENCE_SCHEME = {"BE": "BE", "FI": "FI", "CH": "CH", "NO": "NO"}
BBAN_LENGTH = {"DE": 18, "AT": 16, "FR": 23, "BE": 12, "IT": 23, "ES": 20, "DK": 14, "SE": 20,
               "NO": 11, "FI": 14, "GB": 18, "CH": 17, "NL": 14, "LU": 16}

FACTORS = [("Nordfactor Finanz AG", "DE"), ("Atlas Factoring Ltd", "GB"), ("Crédit Affacturage SA", "FR"),
           ("Factorit Servizi S.p.A.", "IT"), ("Ibérica Factoring S.A.", "ES")]
TREASURY_WORDS = {"de": "Holding", "fr": "Groupe", "it": "Holding", "es": "Grupo", "en": "Group Treasury",
                  "da": "Holding", "sv": "Koncern", "no": "Konsern", "fi": "Konserni", "zh": "集团财务"}


class Party:
    """A customer, or a payer that is not one."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def _bban(rng, country):
    bban = "".join(str(rng.randrange(10)) for _ in range(BBAN_LENGTH[country]))
    if country == "GB":
        bban = rng.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + bban[4:]
    return bban


def account(rng, country):
    """A bank account as a bank statement shows the payer's: an IBAN in
    SEPA countries, a bare account number in China."""
    if country == "CN":
        return "".join(str(rng.randrange(10)) for _ in range(rng.choice([16, 19])))
    return numbering.iban(country, _bban(rng, country))


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def latin_names(rng, count):
    seen, out = set(), []
    while len(out) < count:
        country = _weighted(rng, COUNTRY_WEIGHTS)
        lang, surnames, trades, forms, patterns = LATIN[country]
        surname = rng.choice(surnames)
        name = rng.choice(patterns).format(s=surname, t=rng.choice(trades), f=rng.choice(forms))
        if name not in seen:
            seen.add(name)
            out.append((country, lang, name, surname))
    return out


def customers(rng, count, hard):
    """The company's customers with their accounts, currency and the
    number the ERP knows them by."""
    chinese_share = 0.40 if hard else 0.25
    n_chinese = int(count * chinese_share)
    parties = []
    for country, lang, name, surname in latin_names(rng, count - n_chinese):
        currency = "EUR"
        if country == "GB" and rng.random() < 0.6:
            currency = "GBP"
        elif country == "CH" and rng.random() < 0.6:
            currency = "CHF"
        elif rng.random() < 0.03:
            currency = "USD"
        parties.append(Party(country=country, lang=lang, name=name, surname=surname, chinese=None,
                             currency=currency))
    for cn in pinyin.chinese_names(rng, n_chinese):
        # billed from Europe in EUR or USD and paying through SWIFT, or in
        # CNY into the company's account in China
        currency = _weighted(rng, [("EUR", 45), ("USD", 35), ("CNY", 20)])
        parties.append(Party(country="CN", lang="zh", name=cn.registered, chinese=cn, currency=currency,
                             english=cn.english() if rng.random() < 0.5 else None))
    rng.shuffle(parties)
    for n, p in enumerate(parties, start=1):
        p.customer_id = 200000 + n
        p.customer_number = 10000 + n
        p.accounts = [account(rng, p.country) for _ in range(1 if rng.random() < 0.8 else 2)]
        # the ERP knows the first account of most customers, never the second
        p.account_known = rng.random() < (0.55 if hard else 0.70)
        p.payer = None  # a treasury or factor paying for it
        p.reference_scheme = REFERENCE_SCHEME.get(p.country) or ("RF" if rng.random() < 0.25 else None)
    return parties


def payers_for_others(rng, parties, hard):
    """Group treasuries and factoring companies, each paying for several
    customers. Its account is in the ERP for one of them, or for none."""
    share = 0.12 if hard else 0.06
    latin = [p for p in parties if p.chinese is None and p.currency == "EUR"]
    chinese = [p for p in parties if p.chinese is not None and p.currency != "CNY"]
    out = []
    pool = rng.sample(latin, int(len(latin) * share)) + rng.sample(chinese, int(len(chinese) * share / 2))
    while pool:
        group = [pool.pop() for _ in range(min(len(pool), rng.randint(2, 5)))]
        first = group[0]
        if first.chinese is not None:
            name = first.chinese.abroad(rng, hard).split(" CO")[0] + " GROUP CO LTD" if rng.random() < 0.5 \
                else "%s %s TREASURY LTD" % (pinyin.pinyin_word(first.chinese.brand), first.chinese.city_pinyin())
            country, kind = "HK", "treasury"
            acct = "".join(str(rng.randrange(10)) for _ in range(12))
        elif rng.random() < 0.5:
            name, country = rng.choice(FACTORS)
            kind, acct = "factor", account(rng, country)
        else:
            name = "%s %s %s" % (first.surname, TREASURY_WORDS[first.lang], first.name.split()[-1])
            country, kind = first.country, "treasury"
            acct = account(rng, country)
        payer = Party(name=name, country=country, kind=kind, account=acct,
                      known_for=first.customer_id if rng.random() < 0.5 else None)
        for p in group:
            p.payer = payer
        out.append(payer)
    return out


STRANGERS = ["Hans-Peter Vogel", "Marie Dubois-Lefèvre", "Autohaus Sonnenberg GmbH", "Stadtwerke Kleinstadt",
             "Finanzamt München", "Hotel Bellevue SA", "Lindqvist Konsult AB", "Garage Martin SARL",
             "Dr. med. Anna Schulz", "Azienda Agricola Verdi", "Bauer Immobilien KG", "John Smith",
             "ZHANG WEI", "深圳市新华贸易有限公司", "Café Central", "Ingeniería Ruiz S.L.",
             "Nordic Trading AS", "Amazon Payments Europe", "PayPal Europe S.a.r.l.", "Wise Payments Ltd"]


def stranger(rng):
    """Someone who is no customer: a misdirected payment, a refund, a
    deposit. No invoice should take its money."""
    name = rng.choice(STRANGERS)
    country = rng.choice(["DE", "FR", "IT", "ES", "GB", "NL", "LU"])
    return Party(name=name, country=country, account=account(rng, country))
