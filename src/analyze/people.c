/*
** people.c: the person registry and mention resolution (see people.h).
**
** Two passes over all sentences of the story: the first collects name
** candidates with person evidence, the second records every mention and
** resolves it to a registry entry. Word lists here are general English
** vocabulary (roles, place and organisation words, demonyms, countries,
** US states, large cities), shared with claims.c through an_is_place_word.
** Memory: all in the analysis arena.
*/
#include <string.h>
#include "analyze/people.h"
#include "util/str.h"

static const char *const k_roles[] = {
  "president", "secretary", "minister", "premier", "spokesperson",
  "spokesman", "spokeswoman", "chancellor", "governor", "senator", "sen",
  "rep", "representative", "mayor", "ambassador", "director", "chief",
  "adviser", "advisor", "official", "professor", "prof", "dr", "mr", "mrs",
  "ms", "general", "gen", "commander", "king", "queen", "prince", "princess",
  "pope", "chairman", "chairwoman", "chair", "ceo", "founder", "co-founder",
  "diplomat", "envoy", "leader", "judge", "justice", "attorney", "lawyer",
  "coach", "captain", "manager", "analyst", "economist", "researcher",
  "scientist", "editor", "correspondent", "reporter", "deputy", "lt", "col",
  "sgt", "capt", "secretary-general", "head", "executive", "striker",
  "midfielder", "goalkeeper", "player", "actor", "actress", "singer",
  "author", "writer", "owner", "investor", "candidate", "lawmaker",
  "legislator", "commissioner", "inspector", "detective", "officer",
  "sheriff", "prosecutor", "treasurer", "president-elect", "vice-president",
  "mp", "spokespeople", "negotiator", "mediator", "expert", "doctor",
  "nurse", "teacher", "student", "resident", "witness", "activist",
  "organiser", "organizer", "chairperson", "founder", "physicist",
  "engineer", "designer", "architect", "farmer", "driver", "pilot",
  "superintendent", "administrator", "cardinal", "bishop", "rabbi", "imam",
  "sir", "dame", "lord", "lady", "emir", "sheikh", "ayatollah", "marshal",
  "admiral", "colonel", "major", "sergeant", "lieutenant", "rapper",
  "forward", "defender", "winger", "midfielder", "batsman", "bowler",
  "champion", "skipper", "dean", "chief-executive", "astronaut", "novelist",
  "poet", "chef", "composer", "filmmaker", "artist", "photographer",
  "historian", "philosopher", "surgeon", "paramedic", "firefighter",
  "soldier", "veteran", "entrepreneur", "banker", "trader", "consultant",
  "commentator", "presenter", "host", "broadcaster", "journalist",
  "spokesman", "president", "chairwoman", "councillor", "councilor",
  "alderman", "magistrate", "sheriff", "warden", "principal", "headteacher",
  "athlete", "runner", "swimmer", "cyclist", "boxer", "golfer", "jockey",
  "referee", "umpire", "midfielder", NULL};

/* Words that qualify a role ("Foreign Minister", "Senior official"). */
static const char *const k_role_mods[] = {
  "foreign", "defense", "defence", "treasury", "commerce", "state",
  "interior", "finance", "health", "trade", "energy", "home", "prime",
  "vice", "deputy", "senior", "top", "former", "assistant", "national",
  "security", "press", "white", "house", "of", "the", "a", "an", "chief",
  "acting", "interim", "junior", "economy", "education", "justice",
  "transport", "labor", "labour", "agriculture", "environment", "culture",
  "sports", "sport", "executive", "managing", "general", "new", "veteran",
  "head", "then", "department", "ministry", "senate", "majority", "minority",
  "opposition", "party", "team", "club", "company", "group", "city",
  "federal", "central", "bank", "affairs", "spy", "intelligence", "military",
  "army", "navy", "police", "fire", "court", "supreme", NULL};

static const char *const k_org_words[] = {
  "department", "ministry", "house", "hall", "university", "center",
  "centre", "news", "party", "commission", "council", "act", "sea", "strait",
  "ocean", "island", "islands", "guesthouse", "guest", "state", "states",
  "republic", "group", "corp", "inc", "co", "bank", "fund", "agency",
  "office", "committee", "court", "times", "post", "journal", "street",
  "authority", "board", "agency", "service", "institute", "council",
  "avenue", "road", "airport", "station", "square", "palace",
  "administration", "army", "navy", "force", "forces", "police", "union",
  "organization", "organisation", "association", "institute", "school",
  "college", "hospital", "church", "company", "foundation", "club",
  "league", "cup", "games", "olympics", "world", "day", "monday", "tuesday",
  "wednesday", "thursday", "friday", "saturday", "sunday", "january",
  "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december", "river", "lake", "valley",
  "county", "province", "city", "region", "kingdom", "pacific", "atlantic",
  "north", "south", "east", "west", "central", "national", "international",
  "global", "federal", "service", "services", "media", "press", "reuters",
  "afp", "ap", "cbs", "cnn", "bbc", "nbc", "abc", "fox", "msnbc",
  "government", "congress", "senate", "parliament", "assembly", "communist",
  "democratic", "republican", "people", "affairs", "relations", "summit",
  "conference", "forum", "treaty", "agreement", "accord", "microsoft",
  "google", "apple", "amazon", "facebook", "twitter", "stadium", "arena",
  "park", "hotel", "tower", "bridge", "museum", "gallery", "theatre",
  "theater", "festival", "awards", "prize", "index", "exchange", "market",
  "markets", "airlines", "airways", "motors", "group", "holdings", "ltd",
  "plc", "llc", "gmbh", "fc", "united", "city", "rovers", "athletic",
  "tournament", "championship", "series", "open", "grand", "prix",
  "cabinet", "embassy", "consulate", "readout", "mission", "council",
  "guard", "corps", "command", "pentagon", "kremlin", "capitol", "gulf",
  "bay", "mountains", "desert", "peninsula", "coast", "america", "africa",
  "europe", "asia", "oceania", "antarctica", "america's", "middle",
  "indo-pacific", "sino-us", "us-china", "covid", "covid-19", "ai",
  "internet", "web", "email", "act", "bill", "law", "code", "constitution",
  "policy", "doctrine", "initiative", "plan", "program", "programme",
  "project", "mission", "operation", "war", "crisis", "election",
  "elections", "referendum", "budget", "report", "survey", "poll",
  "study", "review", "unit", "division", "team", "squad", "province",
  "territory", "district", "village", "town", "capital", "chapter",
  "christmas", "easter", "ramadan", "olympic", "paralympic", NULL};

static const char *const k_places[] = {
  /* countries and short forms */
  "afghanistan", "albania", "algeria", "angola", "argentina", "armenia",
  "australia", "austria", "azerbaijan", "bahrain", "bangladesh", "belarus",
  "belgium", "bolivia", "bosnia", "brazil", "britain", "bulgaria",
  "cambodia", "cameroon", "canada", "chile", "china", "colombia", "congo",
  "croatia", "cuba", "cyprus", "czechia", "denmark", "ecuador", "egypt",
  "england", "estonia", "ethiopia", "finland", "france", "georgia",
  "germany", "ghana", "greece", "guatemala", "haiti", "honduras", "hungary",
  "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel",
  "italy", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "korea",
  "kosovo", "kuwait", "laos", "latvia", "lebanon", "libya", "lithuania",
  "luxembourg", "malaysia", "mali", "malta", "mexico", "moldova",
  "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "nepal",
  "netherlands", "nicaragua", "niger", "nigeria", "norway", "oman",
  "pakistan", "palestine", "panama", "paraguay", "peru", "philippines",
  "poland", "portugal", "qatar", "romania", "russia", "rwanda", "scotland",
  "senegal", "serbia", "singapore", "slovakia", "slovenia", "somalia",
  "spain", "sudan", "sweden", "switzerland", "syria", "taiwan",
  "tajikistan", "tanzania", "thailand", "tunisia", "turkey", "uganda",
  "ukraine", "uruguay", "uzbekistan", "venezuela", "vietnam", "wales",
  "yemen", "zambia", "zimbabwe", "us", "u.s", "u.s.", "usa", "uk", "u.k",
  "u.k.", "eu", "un", "america", "gaza", "crimea", "tibet", "xinjiang",
  "hong", "kong", "macau", "bali", "sicily", "hawaii", "greenland",
  /* US states */
  "alabama", "alaska", "arizona", "arkansas", "california", "colorado",
  "connecticut", "delaware", "florida", "idaho", "illinois", "indiana",
  "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland",
  "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
  "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon",
  "pennsylvania", "tennessee", "texas", "utah", "vermont", "virginia",
  "washington", "wisconsin", "wyoming", "carolina", "dakota", "hampshire",
  "jersey",
  /* large cities */
  "beijing", "shanghai", "shenzhen", "guangzhou", "wuhan", "tokyo",
  "osaka", "seoul", "pyongyang", "taipei", "manila", "jakarta", "bangkok",
  "hanoi", "delhi", "mumbai", "karachi", "islamabad", "kabul", "tehran",
  "baghdad", "damascus", "beirut", "jerusalem", "riyadh", "dubai", "doha",
  "ankara", "istanbul", "cairo", "nairobi", "lagos", "johannesburg",
  "moscow", "kyiv", "kiev", "minsk", "warsaw", "berlin", "paris", "london",
  "madrid", "rome", "vienna", "brussels", "amsterdam", "geneva", "zurich",
  "stockholm", "oslo", "copenhagen", "helsinki", "dublin", "lisbon",
  "athens", "prague", "budapest", "bucharest", "sydney", "melbourne",
  "canberra", "auckland", "wellington", "ottawa", "toronto", "montreal",
  "vancouver", "chicago", "boston", "houston", "dallas", "miami", "atlanta",
  "seattle", "denver", "phoenix", "detroit", "philadelphia", "anchorage",
  "honolulu", "york", "angeles", "francisco", "vegas", "orleans", "havana",
  "caracas", "bogota", "lima", "santiago", "brasilia", "rio", "paulo",
  "buenos", "aires", "mexico", "singapore", "kuala", "lumpur", "vienna",
  "hamburg", "munich", "milan", "naples", "barcelona", "manchester",
  "liverpool", "edinburgh", "glasgow", "marseille", "lyon", "davos",
  "strasbourg", "hague", "kyoto", "busan", "frankfurt", "cologne",
  "rotterdam", "antwerp", "porto", "seville", "valencia", "turin", "florence",
  "venice", "krakow", "gdansk", "riga", "tallinn", "vilnius", "sofia",
  "belgrade", "zagreb", "sarajevo", "tbilisi", "baku", "yerevan", "almaty",
  "tashkent", "dhaka", "colombo", "kathmandu", "yangon", "phnom", "penh",
  "chennai", "kolkata", "bangalore", "lahore", "jeddah", "mecca", "abuja",
  "accra", "dakar", "kinshasa", "luanda", "harare", "lusaka", "kampala",
  "kigali", "addis", "ababa", "khartoum", "tripoli", "tunis", "algiers",
  "casablanca", "rabat", "montevideo", "quito", "asuncion", "panama",
  "kingston", "nassau", "anchorage", "calgary", "edmonton", "quebec",
  "winnipeg", "austin", "nashville", "baltimore", "pittsburgh", "cleveland",
  "minneapolis", "portland", "sacramento", "diego", "jose", "tampa",
  "orlando", "charlotte", "richmond", "perth", "brisbane", "adelaide",
  NULL};

static const char *const k_demonyms[] = {
  "chinese", "american", "british", "french", "german", "russian",
  "japanese", "indian", "israeli", "palestinian", "ukrainian", "taiwanese",
  "korean", "australian", "canadian", "mexican", "brazilian", "italian",
  "spanish", "iranian", "iraqi", "syrian", "turkish", "saudi", "egyptian",
  "european", "african", "asian", "pakistani", "afghan", "filipino",
  "vietnamese", "indonesian", "thai", "singaporean", "swiss", "dutch",
  "belgian", "polish", "swedish", "norwegian", "danish", "finnish", "greek",
  "irish", "scottish", "welsh", "nigerian", "kenyan", "argentine",
  "colombian", "venezuelan", "cuban", "lebanese", "jordanian", "qatari",
  "emirati", "malaysian", "portuguese", "austrian", "hungarian", "czech",
  "romanian", "serbian", "croatian", "belarusian", "georgian", "armenian",
  "north", "south", "western", "eastern", "u.s", "u.s.", "us", "uk", "eu",
  "un", "nato", "beijing's", "washington's", NULL};

/* Places that are also common given names. */
static const char *const k_given_places[] = {"sofia", "florence", "georgia", "jordan",
                                             "victoria", "paris", "austin", "regina",
                                             "adelaide", "lima", "chad", "israel", NULL};

static const char *const k_pronouns[] = {"he", "she", "him", "his", "her", NULL};
/* Titles written abbreviated with a full stop before a name. */
static const char *const k_title_abbrevs[] = {
  "sgt", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cpl", "dr", "mr",
  "mrs", "ms", "prof", "det", "insp", "supt", "rev", "adm", "maj", "cmdr",
  "st", "atty", "dist", "gov", "sec", "amb", NULL};

static const char *const k_speech[] = {
  "said", "says", "say", "saying", "added", "adds", "told", "tells", "tell",
  "stated", "asked", "replied", "warned", "noted", "insisted", "stressed",
  "urged", "wrote", "writes", "declared", "explained", "argued",
  "continued", "recalled", "announced", "claimed", "acknowledged",
  "admitted", "conceded", "cautioned", "observed", "remarked", "reiterated",
  "emphasized", "emphasised", "underscored", "confirmed", "denied",
  "quipped", "responded", "answered", "calling", "called", "described",
  "statement", "tweeted", "posted", "commented", "suggested", "predicted",
  "promised", "vowed", "pledged", "complained", "lamented", "joked",
  "countered", "maintained", "quoted", "insists", "warns", "notes",
  "explains", "argues", "adding", "telling", "asking", "urging",
  "describing", "announcing", "repeated", "shouted", "whispered",
  "testified", "wondered", "demanded", "disagreed", "agreed", "retorted",
  "wrote", "recalled", "conceded", "inquired", "enquired", "exclaimed",
  "screamed", "yelled", "sighed",
  "laughed", "muttered", "recounted", "explains", "adds", "asks", "replies",
  "answers", "concluded", "concludes", "advised", "advises",
  "recommends", "remembers", "remembered", "insisted", "stresses", "told",
  "warned", "reflected", "reflects", "boasted", "admits", "acknowledges",
  NULL};

bool an_is_place_word(const char *w, size_t n) {
  return an_word_in(w, n, k_places);
}
bool an_is_role_word(const char *w, size_t n) {
  return an_word_in(w, n, k_roles);
}
bool an_is_speech_verb(const an_sent *s, size_t i) {
  /* other languages: their own verbs (data/lang.tsv) besides English */
  return an_tok_in(s, i, k_speech) || (s->lang_speech && an_tok_in(s, i, s->lang_speech));
}

static bool tok_role(const an_sent *s, size_t i) { return an_tok_in(s, i, k_roles); }
static bool tok_mod(const an_sent *s, size_t i) { return an_tok_in(s, i, k_role_mods); }
static bool tok_org(const an_sent *s, size_t i) { return an_tok_in(s, i, k_org_words); }
static bool tok_place(const an_sent *s, size_t i) {
  return an_tok_in(s, i, k_places) || an_tok_in(s, i, k_demonyms);
}

/* Is there a quotation mark between token i and the next? */
static bool gap_has_mark(const an_sent *s, size_t i) {
  if (i + 1 >= s->ntok) return false;
  for (uint32_t k = s->toks[i].e; k < s->toks[i + 1].s; k++) {
    unsigned char c = (unsigned char)s->text[k];
    if (c == '"' || c == 0xE2 || (c == 0xC2 && k + 1 < s->toks[i + 1].s &&
                                  ((unsigned char)s->text[k + 1] == 0xAB ||
                                   (unsigned char)s->text[k + 1] == 0xBB)))
      return true;
  }
  return false;
}

/* A name candidate: tokens [ns, ne) of sentence si; role tokens [rs, ns). */
typedef struct cand {
  size_t ns, ne, rs;
  size_t aps, ape;        /* a role in an appositive after the name */
  bool evidence;
} cand;

/* Finds the next capitalised run at or after *pos and strips role words,
** places and function words from its left. Returns false at the end. */
static bool next_cand(const an_sent *s, size_t *pos, cand *c) {
  size_t i = *pos;
  while (i < s->ntok) {
    if (!(s->toks[i].flags & TK_CAP)) {
      i++;
      continue;
    }
    size_t st = i, en = i + 1;
    while (en < s->ntok && (s->toks[en].flags & TK_CAP) && an_tok_adjacent(s, en - 1))
      en++;
    /* "Secretary of State Antony Blinken": join across a lower-case "of"
    ** when the part after it continues the run. */
    if (en + 1 < s->ntok && an_tok_is(s, en, "of") && an_tok_adjacent(s, en - 1) &&
        an_tok_adjacent(s, en) && (s->toks[en + 1].flags & TK_CAP) &&
        tok_role(s, en - 1)) {
      en += 2;
      while (en < s->ntok && (s->toks[en].flags & TK_CAP) && an_tok_adjacent(s, en - 1))
        en++;
    }
    *pos = en;
    size_t ns = st;
    /* roles may also precede in lower case: "spokesperson Liu Pengyu" */
    size_t rs = st;
    while (rs > 0 && (tok_role(s, rs - 1) || tok_mod(s, rs - 1) ||
                      tok_place(s, rs - 1)) &&
           an_tok_adjacent(s, rs - 1) && !(s->toks[rs - 1].flags & TK_CAP))
      rs--;
    /* "Sgt. Marty Earley", "Sen. Inhofe": an abbreviated title keeps its
    ** stop and still stands before the name */
    if (rs == st && rs > 0 && an_tok_in(s, rs - 1, k_title_abbrevs) &&
        an_tok_gap_punct(s, rs - 1) == '.' && rs - 1 < s->ntok)
      rs--;
    while (ns < en && (tok_role(s, ns) || tok_mod(s, ns) ||
                       (tok_place(s, ns) && !(ns + 2 == en && !tok_place(s, ns + 1) &&
                                              !tok_org(s, ns + 1) && !tok_role(s, ns + 1) &&
                                              an_word_in(s->text + s->toks[ns].s,
                                                         s->toks[ns].e - s->toks[ns].s,
                                                         k_given_places))) ||
                       (s->toks[ns].flags & TK_STOP) || tok_org(s, ns) ||
                       (s->lang_stop && an_tok_in(s, ns, s->lang_stop))))
      ns++;
    if (ns >= en) {
      i = en;
      continue;
    }
    /* "WCCO TV Managing Editor Angela Benson", "Microsoft security chief
    ** Jane Roe": an organisation and a role run into the name; the name is
    ** what follows the last role word */
    for (size_t k = en - 1; k > ns; k--) {
      if (!tok_role(s, k - 1)) continue;
      if (en - k >= 1 && en - k <= 3) {
        rs = ns;
        ns = k;
      }
      break;
    }
    /* "Harbour Authority director Mia Lund": a name-like run that a
    ** lower-case role and another name follow qualifies the role: an
    ** organisation, not a person */
    if (en + 1 < s->ntok && tok_role(s, en) && !(s->toks[en].flags & TK_CAP) &&
        an_tok_adjacent(s, en - 1)) {
      size_t r = en;
      while (r < s->ntok && r < en + 4 && (tok_role(s, r) || tok_mod(s, r)) &&
             !(s->toks[r].flags & TK_CAP))
        r++;
      if (r < s->ntok && (s->toks[r].flags & TK_CAP) && an_tok_adjacent(s, r - 1)) {
        i = en;
        continue;
      }
    }
    /* Organisation words anywhere in the rest: not a person. */
    bool org = false;
    for (size_t k = ns; k < en; k++)
      if (tok_org(s, k) || tok_role(s, k) || (s->toks[k].flags & TK_NUM) ||
          /* a given name may also be a city ("Sofia Tanaka"), a surname rarely */
          (tok_place(s, k) && (k > ns || en - ns == 1)))
        org = true;
    if (org || en - ns > 3) {
      i = en;
      continue;
    }
    c->ns = ns;
    c->ne = en;
    c->rs = rs;
    /* a role before the name ("Foreign Minister Qin Gang"), but not "the
    ** chief executive of Norrland Steel", which names an organisation */
    bool role_before = false;
    for (size_t k = rs; k < ns; k++)
      if (tok_role(s, k) || an_tok_in(s, k, k_title_abbrevs)) role_before = true;
    if (ns > 0 && (an_tok_is(s, ns - 1, "of") || an_tok_is(s, ns - 1, "the") ||
                   an_tok_is(s, ns - 1, "for") || an_tok_is(s, ns - 1, "at")))
      role_before = false;
    /* other languages: a lone capitalised word opening the sentence or
    ** closing a quotation („... bis zum Ende«, sagte") is no name */
    bool lone_doubt = s->lang_speech && en - ns == 1 &&
                      ((s->toks[ns].flags & TK_SENTSTART) || gap_has_mark(s, ns));
    bool speech_after = !lone_doubt &&
                        (an_is_speech_verb(s, en) ||
                         (en + 1 < s->ntok && an_is_speech_verb(s, en + 1) &&
                          !(s->toks[en].flags & TK_CAP) && en - ns >= 1 &&
                          an_tok_gap_punct(s, en - 1) == 0));
    bool speech_before = (ns > 0 && an_is_speech_verb(s, ns - 1) && ns == st) ||
                         (rs > 0 && rs < ns && an_is_speech_verb(s, rs - 1));
    bool appos = an_tok_gap_punct(s, en - 1) == ',' && en + 1 < s->ntok &&
                 (an_tok_is(s, en, "a") || an_tok_is(s, en, "an") ||
                  an_tok_is(s, en, "the")) &&
                 tok_role(s, en + 1);
    bool appos2 = appos || (an_tok_gap_punct(s, en - 1) == ',' && en + 2 < s->ntok &&
                            (an_tok_is(s, en, "a") || an_tok_is(s, en, "the")) &&
                            tok_role(s, en + 2));
    /* "X met Y", "met with Y", "talks between X and Y": people meet */
    static const char *const meet_v[] = {"met", "meets", "meet", "visited", "phoned",
                                         "called", "hosted", "welcomed", NULL};
    bool meets = (en < s->ntok && an_tok_in(s, en, meet_v) && en - ns >= 2) ||
                 (ns > 0 && ns == st && an_tok_in(s, ns - 1, meet_v) && en - ns >= 2) ||
                 (ns > 1 && ns == st && an_tok_is(s, ns - 1, "with") && an_tok_in(s, ns - 2, meet_v) &&
                  en - ns >= 2) ||
                 (ns > 0 && ns == st && an_tok_is(s, ns - 1, "between") && en - ns >= 2);
    /* ", president of Defenders of Wildlife,", and any appositive that a
    ** speech verb closes (", a hospitalized woman, said") */
    c->aps = c->ape = 0;
    bool appos3 = false;
    if (an_tok_gap_punct(s, en - 1) == ',' && en < s->ntok) {
      size_t k = en;
      if (an_tok_is(s, k, "a") || an_tok_is(s, k, "an") || an_tok_is(s, k, "the")) k++;
      size_t r = k;
      while (r < s->ntok && r < k + 4 && !tok_role(s, r) && an_tok_gap_punct(s, r) == 0) r++;
      if (r < s->ntok && tok_role(s, r)) {
        c->aps = r;
        c->ape = r + 1;
        if (r == en) appos3 = true;
      }
      size_t e2 = en;
      /* ", who will stay on when ... next year, said" runs longer */
      size_t lim = an_tok_is(s, en, "who") ? 22 : 12;
      while (e2 < s->ntok && e2 < en + lim && an_tok_gap_punct(s, e2) != ',') e2++;
      if (e2 < en + lim && e2 + 1 < s->ntok && an_tok_gap_punct(s, e2) == ',' &&
          an_is_speech_verb(s, e2 + 1))
        appos3 = true;
    }
    /* Other languages (data/lang.tsv): a name of two or three words a
    ** few words after the language's speech verb in the same clause
    ** ("a déclaré le président du département, Gérard Lemoine"; "sagte
    ** Landrat Bernd Albers") */
    bool speech_near = false;
    if (s->lang_speech && en - ns >= 2) {
      for (size_t k = st; k-- > 0 && k + 8 >= st;) {
        if (an_tok_gap_punct(s, k) == '.' || an_tok_gap_punct(s, k) == '"') break;
        if (an_is_speech_verb(s, k)) {
          speech_near = true;
          break;
        }
      }
    }
    c->evidence = role_before || speech_after || speech_before || appos2 || appos3 || meets ||
                  speech_near;
    return true;
  }
  *pos = i;
  return false;
}

static uint64_t tokh(const an_sent *s, size_t i) { return s->toks[i].h; }

static int find_full(const px_analysis *a, const an_sent *s, size_t ns, size_t ne) {
  for (size_t p = 0; p < a->npeople; p++) {
    const an_person *pp = &a->people[p];
    if (pp->ntoks != (int)(ne - ns)) continue;
    if (tokh(s, ns) == pp->first_h && tokh(s, ne - 1) == pp->last_h) return (int)p;
  }
  return -1;
}

/* A single token naming someone: last names first, then given names. */
static int find_part(const px_analysis *a, uint64_t h) {
  int best = -1, bestn = -1;
  for (size_t p = 0; p < a->npeople; p++)
    if (a->people[p].last_h == h && a->people[p].evidence > bestn) {
      best = (int)p;
      bestn = a->people[p].evidence;
    }
  if (best >= 0) return best;
  for (size_t p = 0; p < a->npeople; p++)
    if (a->people[p].first_h == h && a->people[p].ntoks > 1 &&
        a->people[p].evidence > bestn) {
      best = (int)p;
      bestn = a->people[p].evidence;
    }
  return best;
}

static px_rc add_person(px_analysis *a, const an_sent *s, const cand *c) {
  a->people = an_grow(a, a->people, &a->cap_people, a->npeople + 1, sizeof *a->people);
  if (!a->people) return PX_ENOMEM;
  an_person *p = &a->people[a->npeople++];
  memset(p, 0, sizeof *p);
  size_t nl = s->toks[c->ne - 1].e - s->toks[c->ns].s;
  const char *nm = s->text + s->toks[c->ns].s;
  /* "Steven's", "Lindsay Lohan’s": the person is named without the 's */
  if (nl > 2 && nm[nl - 2] == '\'' && (nm[nl - 1] == 's' || nm[nl - 1] == 'S')) nl -= 2;
  else if (nl > 4 && memcmp(nm + nl - 4, "\xE2\x80\x99s", 4) == 0) nl -= 4;
  p->name = an_strndup(a, nm, nl);
  if (c->rs < c->ns)
    p->role = an_strndup(a, s->text + s->toks[c->rs].s,
                         s->toks[c->ns - 1].e - s->toks[c->rs].s);
  else if (c->ape > c->aps)
    p->role = an_strndup(a, s->text + s->toks[c->aps].s,
                         s->toks[c->ape - 1].e - s->toks[c->aps].s);
  p->first_h = tokh(s, c->ns);
  p->last_h = tokh(s, c->ne - 1);
  p->ntoks = (int)(c->ne - c->ns);
  p->evidence = 1;
  if (!p->name) return PX_ENOMEM;
  return PX_OK;
}

static px_rc add_mention(px_analysis *a, size_t si, size_t ts, size_t te,
                         int person, int kind) {
  a->ments = an_grow(a, a->ments, &a->cap_ments, a->nments + 1, sizeof *a->ments);
  if (!a->ments) return PX_ENOMEM;
  const an_sent *s = &a->sents[si];
  an_mention *m = &a->ments[a->nments++];
  m->sent = (int)si;
  m->ts = (uint32_t)ts;
  m->te = (uint32_t)te;
  m->s = s->toks[ts].s;
  m->e = s->toks[te - 1].e;
  m->person = person;
  m->kind = kind;
  m->ante = -1;
  if (person >= 0) {
    a->people[person].nmentions++;
    a->people[person].outlets |= 1ull << s->doc;
  }
  return PX_OK;
}

int an_person_by_role(const px_analysis *a, const an_sent *s, size_t i);

/* "the Secretary": the most mentioned person whose role has this word. */
static int find_by_role(const px_analysis *a, const an_sent *s, size_t i) {
  int best = -1, bestn = 0;
  size_t n = s->toks[i].e - s->toks[i].s;
  for (size_t p = 0; p < a->npeople; p++) {
    const char *r = a->people[p].role;
    if (!r) continue;
    px_str rs = px_str_from_cstr(r);
    char w[64];
    if (n >= sizeof w) return -1;
    memcpy(w, s->text + s->toks[i].s, n);
    w[n] = 0;
    if (px_str_ifind(rs, w) >= 0 && a->people[p].nmentions > bestn) {
      best = (int)p;
      bestn = a->people[p].nmentions;
    }
  }
  return best;
}

static const char *const k_male_cues[] = {
  "mr", "sir", "lord", "king", "prince", "father", "brother", "son",
  "husband", "spokesman", "chairman", "businessman", "congressman", "actor",
  "boy", "man", "uncle", "grandfather", "emperor", "duke", "baron", NULL};
static const char *const k_female_cues[] = {
  "mrs", "ms", "miss", "madam", "lady", "dame", "queen", "princess",
  "mother", "sister", "daughter", "wife", "spokeswoman", "chairwoman",
  "businesswoman", "congresswoman", "actress", "girl", "woman", "aunt",
  "grandmother", "empress", "duchess", "baroness", NULL};

static int pronoun_gender(const px_analysis *a, const an_mention *m) {
  const an_sent *s = &a->sents[m->sent];
  if (an_tok_is(s, m->ts, "he") || an_tok_is(s, m->ts, "him") || an_tok_is(s, m->ts, "his"))
    return AN_MALE;
  if (an_tok_is(s, m->ts, "she") || an_tok_is(s, m->ts, "her")) return AN_FEMALE;
  return 0;
}

/* A person's gender, where the text gives it: an honorific or gendered
** role right before a mention ("Mr", "Queen", "spokeswoman"), the role
** kept in the registry, and pronouns in sentences that name no one else
** ("Smith said his ..."). Votes, so one odd sentence does not decide. */
static void infer_gender(px_analysis *a) {
  size_t np = a->npeople;
  if (!np) return;
  int *vm = px_arena_calloc(a->arena, np, sizeof *vm);
  int *vf = px_arena_calloc(a->arena, np, sizeof *vf);
  if (!vm || !vf) return;
  for (size_t p = 0; p < np; p++) {
    const char *r = a->people[p].role;
    if (!r) continue;
    /* the role's last word carries the gender: "Chief spokeswoman" */
    const char *w = r + strlen(r);
    while (w > r && w[-1] != ' ') w--;
    if (an_word_in(w, strlen(w), k_male_cues)) vm[p] += 2;
    if (an_word_in(w, strlen(w), k_female_cues)) vf[p] += 2;
  }
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    int only = -1;
    bool several = false;
    for (size_t k = 0; k < s->nmention; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      if (m->kind == MK_PRONOUN || m->person < 0) continue;
      if (m->ts > 0 && an_tok_in(s, m->ts - 1, k_male_cues)) vm[m->person] += 2;
      if (m->ts > 0 && an_tok_in(s, m->ts - 1, k_female_cues)) vf[m->person] += 2;
      /* "Umm Ibrahim, a hospitalized woman," */
      if (an_tok_gap_punct(s, m->te - 1) == ',')
        for (size_t t = m->te; t < s->ntok && t < m->te + 5; t++) {
          if (an_tok_in(s, t, k_male_cues)) vm[m->person] += 2;
          if (an_tok_in(s, t, k_female_cues)) vf[m->person] += 2;
          if (an_tok_gap_punct(s, t) != 0) break;
        }
      if (only >= 0 && only != m->person) several = true;
      only = m->person;
    }
    if (only < 0 || several) continue;
    for (size_t k = 0; k < s->nmention; k++) {
      const an_mention *m = &a->ments[s->first_mention + k];
      if (m->kind != MK_PRONOUN) continue;
      /* only a pronoun after the name can be theirs: "Her captain, Joost
      ** Meijer, agreed" says nothing of Meijer's gender */
      bool after = false;
      for (size_t q = 0; q < s->nmention && !after; q++) {
        const an_mention *n = &a->ments[s->first_mention + q];
        after = n->person == only && n->kind != MK_PRONOUN && n->te <= m->ts;
      }
      if (!after) continue;
      int g = pronoun_gender(a, m);
      if (g == AN_MALE) vm[only]++;
      if (g == AN_FEMALE) vf[only]++;
    }
  }
  for (size_t p = 0; p < np; p++)
    a->people[p].gender = vm[p] > vf[p] ? AN_MALE : vf[p] > vm[p] ? AN_FEMALE : 0;
}

/* "UNRWA", "AMD": a word in capitals names an organisation, not a person. */
static bool acronym(const an_sent *s, size_t i) {
  size_t n = s->toks[i].e - s->toks[i].s;
  const char *w = s->text + s->toks[i].s;
  if (n < 2) return false;
  for (size_t k = 0; k < n; k++)
    if (px_isalpha((unsigned char)w[k]) && !px_isupper((unsigned char)w[k])) return false;
  return true;
}

/* A mention that a speech verb follows ("Gunness said", "Coleman, who in
** turn said", "Rossi also told"): the one who speaks in its sentence. */
static bool speaks(const px_analysis *a, const an_mention *m) {
  const an_sent *s = &a->sents[m->sent];
  size_t t = m->te;
  if (an_tok_gap_punct(s, t - 1) == ',' && an_tok_is(s, t, "who")) t++;
  for (size_t k = t; k < s->ntok && k < t + 3; k++) {
    if (an_is_speech_verb(s, k)) return true;
    if ((s->toks[k].flags & TK_CAP) || an_tok_gap_punct(s, k) == ',' ||
        an_tok_gap_punct(s, k) == '.')
      return false;
  }
  return false;
}

/* Words that open a quoted sentence and stand before "she said" without
** being anyone: interjections, forms of address, "I'm". */
static bool not_a_name(const an_sent *s, size_t i) {
  static const char *const words[] = {
    "oh", "ah", "yes", "no", "hey", "well", "mommy", "mom", "mum", "dad", "daddy",
    "okay", "ok", "please", "thanks", "sorry", "wow", "god", "sir", "madam",
    "hello", "hi", "goodbye", "bye", "yeah", "right", "look", "listen", "nobody",
    "everybody", "everyone", "somebody", "someone", "anybody", "anyone", "none", NULL};
  const char *w = s->text + s->toks[i].s;
  size_t n = s->toks[i].e - s->toks[i].s;
  if (n >= 2 && w[0] == 'I' && (w[1] == '\'' || (n >= 4 && memcmp(w + 1, "\xE2\x80\x99", 3) == 0)))
    return true;
  return an_tok_in(s, i, words);
}

px_rc an_people_find(px_analysis *a) {
  px_rc rc;
  /* Pass 1: registry of full names with evidence. */
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    size_t pos = 0;
    cand c;
    while (next_cand(s, &pos, &c)) {
      if (c.ne - c.ns < 2) continue;
      int p = find_full(a, s, c.ns, c.ne);
      if (p >= 0) {
        if (c.evidence) a->people[p].evidence++;
        if (!a->people[p].role && c.rs < c.ns)
          a->people[p].role = an_strndup(a, s->text + s->toks[c.rs].s,
                                         s->toks[c.ns - 1].e - s->toks[c.rs].s);
        else if (!a->people[p].role && c.ape > c.aps)
          a->people[p].role = an_strndup(a, s->text + s->toks[c.aps].s,
                                         s->toks[c.ape - 1].e - s->toks[c.aps].s);
        continue;
      }
      if (!c.evidence) continue;
      if ((rc = add_person(a, s, &c)) != PX_OK) return rc;
    }
  }
  /* Full names without direct evidence whose last name is a known
  ** person's ("Antony Blinken" after "Blinken said"); single names with
  ** evidence that no registered person explains ("Obama said"). */
  size_t nfull = a->npeople;
  for (size_t si = 0; si < a->nsents; si++) {
    const an_sent *s = &a->sents[si];
    size_t pos = 0;
    cand c;
    while (next_cand(s, &pos, &c)) {
      /* "between X and Y", "X and Y met": Y joins X when X is known */
      if (c.ne - c.ns >= 2 && !c.evidence && c.ns >= 2 && an_tok_is(s, c.ns - 1, "and") &&
          find_full(a, s, c.ns, c.ne) < 0 && find_part(a, tokh(s, c.ns - 2)) >= 0) {
        if ((rc = add_person(a, s, &c)) != PX_OK) return rc;
        continue;
      }
      if (c.ne - c.ns == 1 && c.evidence && find_part(a, tokh(s, c.ns)) < 0 &&
          !(s->toks[c.ns].flags & (TK_STOP | TK_SENTSTART)) && !not_a_name(s, c.ns) &&
          !acronym(s, c.ns)) {
        if ((rc = add_person(a, s, &c)) != PX_OK) return rc;
      }
    }
  }
  (void)nfull;
  /* Pass 2: mentions. */
  for (size_t si = 0; si < a->nsents; si++) {
    an_sent *s = &a->sents[si];
    s->first_mention = a->nments;
    for (size_t i = 0; i < s->ntok;) {
      const an_tok *t = &s->toks[i];
      if (!(t->flags & TK_CAP)) {
        if (an_tok_in(s, i, k_pronouns)) {
          if ((rc = add_mention(a, si, i, i + 1, -1, MK_PRONOUN)) != PX_OK) return rc;
        }
        i++;
        continue;
      }
      if (an_tok_in(s, i, k_pronouns) && (t->flags & TK_SENTSTART)) {
        if ((rc = add_mention(a, si, i, i + 1, -1, MK_PRONOUN)) != PX_OK) return rc;
        i++;
        continue;
      }
      /* longest registered full name starting here */
      int found = -1;
      size_t flen = 0;
      for (size_t l = 3; l >= 2; l--) {
        if (i + l > s->ntok) continue;
        bool adj = true;
        for (size_t k = i; k + 1 < i + l; k++)
          if (!an_tok_adjacent(s, k)) adj = false;
        if (!adj) continue;
        int p = find_full(a, s, i, i + l);
        if (p >= 0) {
          found = p;
          flen = l;
          break;
        }
      }
      if (found >= 0) {
        if ((rc = add_mention(a, si, i, i + flen, found, MK_NAME)) != PX_OK) return rc;
        i += flen;
        continue;
      }
      if (tok_role(s, i) && i > 0 && (an_tok_is(s, i - 1, "the")) &&
          !(i + 1 < s->ntok && (s->toks[i + 1].flags & TK_CAP) && an_tok_adjacent(s, i))) {
        int p = find_by_role(a, s, i);
        if (p >= 0) {
          if ((rc = add_mention(a, si, i - 1, i + 1, p, MK_TITLE)) != PX_OK) return rc;
          i++;
          continue;
        }
      }
      if (!(t->flags & TK_STOP) && !tok_place(s, i)) {
        int p = find_part(a, t->h);
        if (p >= 0) {
          if ((rc = add_mention(a, si, i, i + 1, p, MK_SURNAME)) != PX_OK) return rc;
        }
      }
      i++;
    }
    s->nmention = a->nments - s->first_mention;
  }
  infer_gender(a);
  /* Pronouns: a person whose gender does not clash ("she" never resolves
  ** to a man known as one). In the pronoun's own sentence, the nearest
  ** person before it ("Capaldi said he ..."); else the subject of the
  ** nearest earlier sentence that names someone compatible, its first
  ** such mention, a pronoun of the same form counting as the person it
  ** resolved to ("Rossi said Timmons fled. He said ...": Rossi; "..., he
  ** testified, Timmons fired. '...,' he said": the one who testified). */
  for (size_t mi = 0; mi < a->nments; mi++) {
    an_mention *m = &a->ments[mi];
    if (m->kind != MK_PRONOUN) continue;
    int g = pronoun_gender(a, m);
    int d = a->sents[m->sent].doc;
    int pick = -1, pick_sent = -1;
    for (size_t k = mi; k-- > 0;) {
      const an_mention *c = &a->ments[k];
      if (a->sents[c->sent].doc != d) break;
      if (pick >= 0 && c->sent != pick_sent) break;
      if (c->person < 0) continue;
      if (c->kind == MK_PRONOUN && (c->sent == m->sent || !g || pronoun_gender(a, c) != g))
        continue;
      int pg = a->people[c->person].gender;
      if (g && pg && g != pg) continue;
      if (c->sent == m->sent) {
        pick = (int)k; /* the nearest in its own sentence */
        break;
      }
      /* in an earlier sentence, whoever speaks there, else its first */
      if (pick < 0 || !speaks(a, &a->ments[pick])) pick = (int)k;
      pick_sent = c->sent;
    }
    if (pick < 0) continue;
    const an_mention *c = &a->ments[pick];
    m->person = c->person;
    m->ante = c->kind == MK_PRONOUN ? c->ante : pick;
  }
  return PX_OK;
}

int an_mention_at(const px_analysis *a, size_t si, size_t tok) {
  const an_sent *s = &a->sents[si];
  for (size_t k = 0; k < s->nmention; k++) {
    const an_mention *m = &a->ments[s->first_mention + k];
    if (tok >= m->ts && tok < m->te) return (int)(s->first_mention + k);
  }
  return -1;
}

int an_person_by_role(const px_analysis *a, const an_sent *s, size_t i) {
  return find_by_role(a, s, i);
}
