#!/usr/bin/env python3
"""gen_sets.py: writes the labelled evaluation sets for the analyze stage.

quotes.jsonl: short articles (1-4 paragraphs) with every direct quote and
its speaker labelled. claims.jsonl: pairs of short reports (A, B) with the
class of the relation between their claims (agree, compatible, contradict,
different, update).

The text is written from templates with our own invented people, places
and events, varied in attribution style (X said / said X / X, the role,
said / according to X / quoted X as saying / pronoun / paragraph before /
quote across paragraphs / straight and curly quotes) and distractors
(scare quotes, several people per paragraph). It is synthetic: it measures
the rules on constructions news uses, not on real articles. Deterministic
(fixed seed): rerun with `python3 gen_sets.py` to regenerate.
"""
import json
import random
import sys

R = random.Random(20230619)
FIRST_M = ["Daniel", "Marco", "Tomas", "Kwame", "Hiroshi", "Pavel", "Omar", "Lucas", "Arjun",
           "Felix", "Samuel", "Viktor", "Mateo", "Jonas", "Andre", "Hassan", "Leon", "Dmitri"]
FIRST_F = ["Maria", "Elena", "Aisha", "Sofia", "Ingrid", "Priya", "Chloe", "Nadia", "Yuki",
           "Amara", "Lena", "Clara", "Fatima", "Rosa", "Hanna", "Leila", "Grace", "Mira"]
LAST = ["Lopez", "Novak", "Okafor", "Tanaka", "Schmidt", "Haddad", "Kowalski", "Fernandes",
        "Lindqvist", "Mensah", "Petrov", "Moreau", "Castillo", "Brennan", "Nakamura", "Adeyemi",
        "Varga", "Richter", "Sato", "Dubois", "Ivanova", "Kaplan", "Moretti", "Osei"]
ROLES = [("Foreign Minister", "the foreign minister"), ("Finance Minister", "the finance minister"),
         ("President", "the president"), ("Mayor", "the mayor"), ("Governor", "the governor"),
         ("spokesperson", "a spokesperson for the ministry"), ("coach", "the team's coach"),
         ("chief executive", "the company's chief executive"), ("Senator", "a senator"),
         ("professor", "a professor of economics"), ("Prime Minister", "the prime minister"),
         ("police chief", "the police chief")]
CITIES = ["Lisbon", "Nairobi", "Ottawa", "Warsaw", "Seoul", "Lima", "Oslo", "Cairo", "Manila",
          "Vienna", "Dublin", "Hanoi", "Madrid", "Athens", "Prague", "Sydney"]
SAYINGS = [
    "We will not accept any deal that leaves our workers behind",
    "This is a good day for the region and for everyone who lives here",
    "The talks were difficult but they were honest",
    "Nobody should pretend that the problem has gone away",
    "We have done everything we could to prevent this",
    "There is still a long way to go before we can call this a success",
    "Our priority is the safety of the people in the city",
    "The numbers speak for themselves and they are not good",
    "I am confident that we will find a solution by the end of the month",
    "We expect the other side to keep its promises",
    "This decision was not taken lightly",
    "The market has already priced in most of the risk",
    "Our players showed real character in the second half",
    "We need more money for schools and we need it now",
    "The investigation is at an early stage and we will follow every lead",
    "Families deserve answers and they will get them",
    "We are ready to talk at any time and in any place",
    "The agreement protects jobs and it protects the environment",
    "It would be a mistake to read too much into one bad quarter",
    "We have no plans to raise taxes this year",
]
SECOND = [
    "We will keep working until the job is done",
    "That is the message we sent today",
    "Everyone in this room knows what is at stake",
    "The next weeks will be decisive",
    "We owe it to the people who elected us",
]
FILLER = [
    "The meeting was held behind closed doors.",
    "Officials did not give further details.",
    "The announcement came after weeks of speculation.",
    "Critics have questioned the timing of the move.",
    "Local media described the mood as tense.",
]


def person():
    g = R.random() < 0.5
    first = R.choice(FIRST_F if g else FIRST_M)
    return first + " " + R.choice(LAST), ("she" if g else "he")


def q(text, straight):
    return ('"%s"' if straight else "\u201c%s\u201d") % text


def comma_q(text, straight):
    return q(text + ",", straight) if not straight else '"%s,"' % text


def quote_item():
    """One short article with labelled quotes."""
    (a, pa), (b, pb) = distinct_people(2)
    role_a, desc_a = R.choice(ROLES)
    role_b, desc_b = R.choice(ROLES)
    city = R.choice(CITIES)
    st = R.random() < 0.3
    s1, s2, s3 = R.sample(SAYINGS, 3)
    paras, gold = [], []
    la, lb = a.split()[1], b.split()[1]
    style = R.randrange(10)
    # first paragraph introduces A with a role
    intro = f"{role_a[0].upper() + role_a[1:]} {a} spoke to reporters in {city} on Monday."
    if role_a[0].islower():
        intro = f"{a}, {desc_a}, spoke to reporters in {city} on Monday."
    paras.append(intro)
    if style == 0:
        paras.append(f"{comma_q(s1, st)} {la} said.")
    elif style == 1:
        paras.append(f"{comma_q(s1, st)} said {la}.")
    elif style == 2:
        paras.append(f"{la} said: {q(s1 + '.', st)}")
    elif style == 3:
        paras.append(f"{comma_q(s1, st)} {la} told reporters, adding that more talks were planned.")
    elif style == 4:
        paras.append(f"{q(s1 + '.', st)} {q(R.choice(SECOND) + ',', st)} {pa} added.")
        gold.append((paras[-1].split(q(s1 + '.', st))[1].strip().split(',')[0].strip('\u201c"'), a))
    elif style == 5:
        paras.append(f"A statement quoted {la} as saying {q(s1, st)}.")
    elif style == 6:
        paras.append(f"{comma_q(s1, st)} {a}, {desc_a}, said.")
    elif style == 7:
        paras.append(f"{la} said {q(s1, st)}, according to a transcript.")
    elif style == 8:
        # quote spanning paragraphs, attribution in the second
        paras.append(("\u201c" if not st else '"') + s1 + ".")
        paras.append(f"{comma_q(R.choice(SECOND), st)} {la} said.")
        gold.append((paras[-1][1:].split(',')[0], a))
    else:
        # paragraph before
        paras.append(f"{comma_q(s1, st)} {la} said.")
        paras.append(q(R.choice(SECOND) + ".", st))
        gold.append((paras[-1][1:-2], a))
    gold.insert(0, (s1, a))
    # B speaks, with a mention of A in the same paragraph as a distractor
    bstyle = R.randrange(5)
    if bstyle == 0:
        paras.append(f"{role_b[0].upper() + role_b[1:]} {b}, who met {la} last week, disagreed. "
                     f"{comma_q(s2, st)} {lb} said.")
    elif bstyle == 1:
        paras.append(f"{comma_q(s2, st)} said {b}, {desc_b}, after talks with {la}.")
    elif bstyle == 2:
        paras.append(f"But {b}, {desc_b}, was not convinced. {comma_q(s2, st)} {pb} said.")
    elif bstyle == 3:
        paras.append(f"{la} later met {b}. {comma_q(s2, st)} {lb} told journalists.")
    else:
        paras.append(f"{role_b[0].upper() + role_b[1:]} {b} answered {la} directly: {q(s2 + '.', st)}")
    gold.append((s2, b))
    # distractor: scare quotes, a filler
    if R.random() < 0.5:
        paras.append(f"Observers called the plan a {q('bold gamble', st)} for the city.")
    paras.append(R.choice(FILLER))
    return {"paras": paras, "published": "2023-05-15T12:00:00Z",
            "quotes": [{"text": t, "speaker": s} for t, s in gold]}


PAIRS = [("met", "talks"), ("held talks with", "talks")]


def distinct_people(n):
    out, seen = [], set()
    while len(out) < n:
        p = person()
        if p[0].split()[1] not in seen:
            seen.add(p[0].split()[1])
            out.append(p)
    return out


def claim_item():
    (a, _), (b, _), (c, _), (d, _) = distinct_people(4)
    city, city2 = R.sample(CITIES, 2)
    la, lb = a.split()[1], b.split()[1]
    kind = R.randrange(5)
    A, B, cls = [], [], None
    pubA, pubB = "2023-06-12T08:00:00Z", "2023-06-12T20:00:00Z"
    if kind == 0:  # durations
        h = R.choice([2, 3, 4, 5, 6])
        t = R.randrange(4)
        if t == 0:
            A = [f"{a} met {b} in {city} on Sunday for about {word(h)} hours."]
            B = [f"{la} and {lb} talked for nearly {word(h)} hours in {city} on Sunday."]
            cls = "agree"
        elif t == 1:
            A = [f"{a} met {b} in {city} on Sunday for about {word(h)} hours."]
            B = [f"{la} held talks with {lb} for more than {word(h + 3)} hours in {city} on Sunday."]
            cls = "contradict"
        elif t == 2:
            A = [f"{a} met {b} for {word(h)} and a half hours on Sunday."]
            B = [f"The meeting between {la} and {lb} on Sunday lasted about {(2 * h + 1) * 30} minutes."]
            cls = "agree"
        else:
            A = [f"{a} met {b} for about {word(h)} hours on Sunday."]
            B = [f"{c} met {d} for more than {word(h + 3)} hours on Sunday."]
            cls = "different"
    elif kind == 1:  # places
        t = R.randrange(3)
        if t == 0:
            A = [f"{a} met {b} in {city} on Monday."]
            B = [f"The talks between {la} and {lb} took place in {city}."]
            cls = "agree"
        elif t == 1:
            A = [f"{a} met {b} in {city} on Monday."]
            B = [f"The talks between {la} and {lb} took place in {city2}."]
            cls = "contradict"
        else:
            A = [f"{a} met {b} in {city} on Monday."]
            B = [f"{c} met {d} in {city2} on Monday."]
            cls = "different"
    elif kind == 2:  # first since
        y = R.choice([2008, 2012, 2015, 2017])
        t = R.randrange(3)
        A = [f"{a} made the first visit to {city} by a foreign minister since {y}."]
        if t == 0:
            B = [f"{la} is the first foreign minister to visit {city} in {word(2023 - y)} years."]
            cls = "agree"
        elif t == 1:
            B = [f"{la} is the first foreign minister to visit {city} in {word(2023 - y - 1)} years."]
            cls = "compatible"
        else:
            B = [f"{la} is the first foreign minister to visit {city} since {y - 6}."]
            cls = "contradict"
    elif kind == 3:  # event status
        t = R.randrange(3)
        if t == 0:
            A = [f"A meeting between {a} and {b} was expected later in the day but had not yet been confirmed."]
            B = [f"{la} met {lb} for an hour at the presidential palace."]
            cls = "update"
        elif t == 1:
            A = [f"{a} met {b} on Monday at the presidential palace."]
            B = [f"{la} and {lb} held talks on Monday."]
            cls = "agree"
        else:
            A = [f"{a} met {b} in {city} last year."]
            B = [f"It is not yet confirmed whether {la} will meet {lb} later in the day."]
            cls = "different"
    else:  # counts
        n = R.choice([120, 250, 40, 75, 1200])
        t = R.randrange(3)
        A = [f"About {n} workers joined the strike at the {city} port on Monday, {a} said."]
        if t == 0:
            B = [f"More than {int(n * 0.95)} workers joined the strike at the {city} port, according to {b}."]
            cls = "agree"
        elif t == 1:
            B = [f"Nearly {n * 3} workers joined the strike at the {city} port, according to {b}."]
            cls = "contradict"
        else:
            B = [f"About {n} trucks were stuck at the {city2} border crossing on Monday."]
            cls = "different"
    return {"a": {"paras": A + [R.choice(FILLER)], "published": pubA},
            "b": {"paras": B + [R.choice(FILLER)], "published": pubB}, "class": cls}


def word(n):
    w = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty"]
    return w[n] if 0 <= n < len(w) else str(n)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    nq = 0
    with open(out + "/quotes.jsonl", "w", encoding="utf-8") as f:
        while nq < 320:
            it = quote_item()
            nq += len(it["quotes"])
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    with open(out + "/claims.jsonl", "w", encoding="utf-8") as f:
        for _ in range(220):
            f.write(json.dumps(claim_item(), ensure_ascii=False) + "\n")
    print(f"quotes: {nq} labelled quotes; claims: 220 labelled pairs")


if __name__ == "__main__":
    main()
