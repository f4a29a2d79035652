/*
** stopwords.c: the English stop-word table, sorted for binary search.
** A general list (articles, pronouns, auxiliaries, conjunctions and a few
** reporting verbs such as "said"); nothing in it is tuned to any data set.
** Memory: static, read-only.
*/
#include "text/stopwords.h"

#include <string.h>

static const char *const words[] = {
    "a", "about", "above", "across", "after", "again", "against", "all",
    "along", "already", "also", "although", "always", "am", "among",
    "amongst", "an", "and", "another", "any", "are", "aren", "arent",
    "around", "as", "at", "back", "be", "became", "because", "become",
    "becomes", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "cannot", "could", "couldnt", "did", "didnt", "do", "does",
    "doesnt", "doing", "dont", "down", "during", "each", "either", "else",
    "ever", "every", "few", "for", "from", "further", "get", "gets", "got",
    "had", "hadnt", "has", "hasnt", "have", "havent", "having", "he", "hed",
    "hell", "her", "here", "heres", "hers", "herself", "hes", "him",
    "himself", "his", "how", "however", "hows", "i", "id", "if", "ill", "im",
    "in", "into", "is", "isnt", "it", "its", "itself", "ive", "just", "least",
    "less", "lets", "like", "made", "make", "makes", "many", "may", "me",
    "might", "more", "most", "mr", "mrs", "ms", "much", "must", "mustnt",
    "my", "myself", "neither", "new", "next", "no", "nor", "not", "now", "of",
    "off", "often", "on", "once", "one", "only", "onto", "or", "other",
    "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "put",
    "quite", "rather", "really", "said", "same", "say", "says", "see", "seem",
    "seemed", "seems", "shall", "shant", "she", "shed", "shell", "shes",
    "should", "shouldnt", "since", "so", "some", "still", "such", "take",
    "than", "that", "thats", "the", "their", "theirs", "them", "themselves",
    "then", "there", "theres", "these", "they", "theyd", "theyll", "theyre",
    "theyve", "this", "those", "though", "three", "through", "thus", "to",
    "told", "too", "two", "under", "until", "up", "upon", "us", "very", "via",
    "was", "wasnt", "we", "wed", "well", "went", "were", "werent", "weve",
    "what", "whats", "when", "whens", "where", "wheres", "whether", "which",
    "while", "who", "whom", "whos", "whose", "why", "whys", "will", "with",
    "within", "without", "wont", "would", "wouldnt", "yet", "you", "youd",
    "youll", "your", "youre", "yours", "yourself", "yourselves", "youve",
};

#define NWORDS (sizeof words / sizeof words[0])

static int cmp(const char *w, size_t len, const char *s) {
  size_t sl = strlen(s);
  size_t n = len < sl ? len : sl;
  int c = memcmp(w, s, n);
  if (c) return c;
  return len < sl ? -1 : len > sl ? 1 : 0;
}

bool px_stopword_is(const char *w, size_t len) {
  size_t lo = 0, hi = NWORDS;
  if (len == 0 || len > 12) return false;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = cmp(w, len, words[mid]);
    if (c == 0) return true;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return false;
}

size_t px_stopword_count(void) { return NWORDS; }
