#!/usr/bin/env python3
# train_langid.py: trains the character n-gram language model of
# src/text/langid.c and writes it as a C table (src/text/langid_model.inc).
# Run by hand when the training text changes; the output is committed, so
# building needs neither this script nor the word lists.
#
# Training text: the Debian hunspell/wamerican word lists, one entry per
# word (stems only, no frequencies), plus the function words below, which
# carry most of the signal in short text and are counted FUNC_WEIGHT
# times each so the model sees them at roughly news frequency.
#   en  /usr/share/dict/american-english   wamerican (SCOWL; permissive)
#   de  /usr/share/hunspell/de_DE.dic      hunspell-de-de (igerman98; GPL-2+)
#   fr  /usr/share/hunspell/fr.dic         hunspell-fr (Dicollecte; MPL-2.0)
#   es  /usr/share/hunspell/es_ES.dic      hunspell-es (RLA-ES; GPL-3/LGPL-3/MPL-1.1)
#   it  /usr/share/hunspell/it_IT.dic      hunspell-it (GPL-3)
#   pt  /usr/share/hunspell/pt_PT.dic      hunspell-pt-pt (GPL-2/LGPL-2.1/MPL-1.1)
#   nl  /usr/share/hunspell/nl.dic         hunspell-nl (OpenTaal; BSD-2 or CC-BY-3.0)
# (apt-get install wamerican hunspell-de-de hunspell-fr hunspell-es
#  hunspell-it hunspell-pt-pt hunspell-nl; licences in
#  /usr/share/doc/<package>/copyright). Only aggregate n-gram weights are
# shipped, never the lists themselves. The function words are our own.
#
# Model: n-grams of 1 to 3 code points over lower-cased letter runs padded
# with a space each side (" der ", " l ", " état "). For each language the
# TOP most frequent n-grams are kept; the union is the feature set. A
# feature's weight for a language is its add-one log probability there
# plus a constant, in 1/16 nats, so summing weights over a text ranks the
# languages as naive Bayes log likelihoods do (n-grams outside the feature
# set count for no language). Keys are 32-bit
# FNV-1a hashes of the n-gram's UTF-8 (collisions are checked here).
#
# usage: train_langid.py OUTPUT.inc
import math
import sys

LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']
SOURCES = {
    'en': '/usr/share/dict/american-english',
    'de': '/usr/share/hunspell/de_DE.dic',
    'fr': '/usr/share/hunspell/fr.dic',
    'es': '/usr/share/hunspell/es_ES.dic',
    'it': '/usr/share/hunspell/it_IT.dic',
    'pt': '/usr/share/hunspell/pt_PT.dic',
    'nl': '/usr/share/hunspell/nl.dic',
}
FUNC = {
    'en': 'the of and to in a is that for on with as was by it at from he '
          'said his be are have has an not this but they were had who which '
          'will their been would its after more also year than people new '
          'two first government over there about when she her we our could',
    'de': 'der die das und in den von zu mit sich des auf für ist im dem '
          'nicht ein eine als auch es an er hat aus bei sind wird nach sie '
          'werden wie einer um am noch vor zur bis über dass sagte haben '
          'war wurde oder seine ihre jahr jahren mehr sein kann nur aber '
          'schon wir ich einem einen durch gegen wieder sollen',
    'fr': 'de la le et les des en du un une est à que pour dans qui sur '
          'pas au par plus il avec ne se ce a sont été elle ont mais son '
          'sa ses leur nous vous je cette aux comme ou être fait selon '
          'après lors entre deux ans année déclaré a-t-il président aussi '
          'très tout sans avait était contre depuis',
    'es': 'de la que el en y a los del se las por un para con no una su '
          'al lo es como más pero sus le ya o este fue ha sí porque esta '
          'entre cuando muy sin sobre también me hasta hay donde quien '
          'desde todo nos durante según dijo años año gobierno presidente '
          'han ser tiene sido estos están',
    'it': 'di e il la che a in per un del è non una con le si da i al '
          'della ha gli dei nel alla più anche come ma sono delle ed se '
          'questo lo nella dal è stato stata essere suo sua loro anni anno '
          'governo presidente ha detto secondo dopo tra fra ancora già '
          'perché sulla degli sul',
    'pt': 'de a o que e do da em um para é com não uma os no se na por '
          'mais as dos como mas foi ao ele das tem à seu sua ou ser quando '
          'muito há nos já está também só pelo pela até isso ela entre era '
          'depois sem mesmo aos ter seus quem nas disse anos ano governo '
          'presidente são estão após',
    'nl': 'de van het een en in is dat op te zijn voor met die niet aan er '
          'om ook als dan bij of uit nog wel naar door maar over hij ze '
          'was heeft worden wordt zij kan al werd hun deze meer na tot '
          'jaar jaren zei volgens tegen onder tussen geen wat wij ons '
          'waren hebben moet',
}
FUNC_WEIGHT = 300
TOP = 1600
# Weights are ln p + LN_BASE in 1/16 nats: unseen n-grams of the largest
# list sit near 0, the commonest letters near 220, all within a byte.
LN_BASE = 16


def words(lang):
    with open(SOURCES[lang], encoding='utf-8', errors='replace') as f:
        for n, line in enumerate(f):
            if lang != 'en' and n == 0:
                continue  # the .dic entry count
            if not line.strip() or line[0] in ' \t#':
                continue
            w = line.split('/')[0].split('\t')[0].strip()
            yield w


def runs(text):
    cur = []
    for ch in text.lower():
        if ch.isalpha():
            cur.append(ch)
        elif cur:
            yield ''.join(cur)
            cur = []
    if cur:
        yield ''.join(cur)


def grams(run):
    s = ' ' + run + ' '
    for n in (1, 2, 3):
        for i in range(len(s) - n + 1):
            g = s[i:i + n]
            if g != ' ':
                yield g


def fnv(s):
    h = 2166136261
    for b in s.encode('utf-8'):
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


def main():
    counts = {}
    for lang in LANGS:
        c = {}
        for w in words(lang):
            for r in runs(w):
                for g in grams(r):
                    c[g] = c.get(g, 0) + 1
        for r in runs(FUNC[lang]):
            for g in grams(r):
                c[g] = c.get(g, 0) + FUNC_WEIGHT
        counts[lang] = c
    feats = set()
    for lang in LANGS:
        c = counts[lang]
        feats.update(sorted(c, key=lambda g: -c[g])[:TOP])
    rows = {}
    for g in feats:
        k = fnv(g)
        if k in rows:
            sys.exit('hash collision: %r and %r' % (g, rows[k][0]))
        ws = []
        for lang in LANGS:
            c = counts[lang]
            total = sum(c.values()) if '_total' not in c else c['_total']
            c['_total'] = total
            v = len(c)
            p = (c.get(g, 0) + 1) / (total + v)
            ws.append(max(0, min(255, int(round((math.log(p) + LN_BASE) * 16)))))
        rows[k] = (g, ws)
    out = ['/* generated by tools/train_langid.py from Debian word lists: '
           'do not edit */',
           '#define PX_LANGID_NLANG %d' % len(LANGS),
           'static const char *const px_langid_tags[] = {%s};' %
           ', '.join('"%s"' % l for l in LANGS),
           '#define PX_LANGID_NFEAT %d' % len(rows),
           '/* {fnv1a32(n-gram), weight per language} sorted by key */',
           'static const struct { uint32_t key; uint8_t w[%d]; } '
           'px_langid_feats[] = {' % len(LANGS)]
    for k in sorted(rows):
        g, ws = rows[k]
        out.append('  {0x%08xu, {%s}}, /* %s */' %
                   (k, ','.join(str(w) for w in ws),
                    g.replace(' ', '_').replace('*/', '* /')))
    out.append('};')
    open(sys.argv[1], 'w', encoding='utf-8').write('\n'.join(out) + '\n')


main()
