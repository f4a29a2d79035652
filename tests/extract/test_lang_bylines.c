/*
** test_lang_bylines.c: bylines and agency credits in German, French,
** Spanish, Italian, Portuguese and Dutch (data/lang.tsv), in the
** plain-text and the HTML extractor. The texts are our own.
*/
#include <criterion/criterion.h>
#include <string.h>
#include "extract/html_extract.h"
#include "extract/plaintext.h"

static px_doc *text_doc(const char *s) {
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_plaintext_extract(s, strlen(s), NULL, &d, &e), PX_OK, "%s", e.msg);
  return d;
}

static px_doc *html_doc(const char *s) {
  px_doc *d = NULL;
  px_err e = {0};
  cr_assert_eq(px_html_extract(s, strlen(s), NULL, NULL, &d, &e), PX_OK, "%s", e.msg);
  return d;
}

static bool has_author(const px_doc *d, const char *name) {
  for (size_t i = 0; i < d->nauthors; i++)
    if (strcmp(d->authors[i], name) == 0) return true;
  return false;
}

Test(lang_bylines, text_von_two_names) {
  px_doc *d = text_doc("Stadtrat beschließt neuen Busplan\n\nVon Ute Kramer und Felix Horn\n\n"
                       "Der Stadtrat hat am Mittwoch einen neuen Busplan für die Innenstadt "
                       "beschlossen, der ab Januar gelten soll.\n\nDie Linien fahren dann "
                       "alle zehn Minuten, auch am Wochenende und an Feiertagen.\n");
  cr_expect_eq(d->nauthors, 2);
  cr_expect(has_author(d, "Ute Kramer"));
  cr_expect(has_author(d, "Felix Horn"));
  cr_expect_null(d->wire);
  px_doc_free(d);
}

Test(lang_bylines, text_par_with_agency) {
  px_doc *d = text_doc("Les vendanges commencent tôt cette année\n\nPar Luc Garnier, AFP\n\n"
                       "Les vendanges ont commencé dès le 20 août dans plusieurs vignobles du "
                       "sud de la France, une date rarement vue.\n\nLes viticulteurs "
                       "attribuent cette avance à la chaleur de juillet.\n");
  cr_expect(has_author(d, "Luc Garnier"));
  cr_expect_str_eq(d->wire ? d->wire : "", "AFP");
  px_doc_free(d);
}

Test(lang_bylines, text_bracketed_agency_credits) {
  px_doc *d = text_doc("Nuevo récord de pasajeros en el aeropuerto\n\nMálaga, (EFE)\n\n"
                       "El aeropuerto registró en julio más de dos millones de pasajeros, "
                       "un récord para un solo mes.\n\nLas aerolíneas prevén un agosto "
                       "todavía más intenso.\n");
  cr_expect_str_eq(d->wire ? d->wire : "", "EFE");
  cr_expect_eq(d->nauthors, 0);
  px_doc_free(d);
  d = text_doc("Brücke nach Unfall gesperrt\n\nKassel (dpa) - Nach einem Unfall mit einem "
               "Lastwagen ist die Fuldabrücke am Montag für mehrere Stunden gesperrt worden.\n\n"
               "Verletzt wurde nach Angaben der Polizei niemand.\n");
  cr_expect_str_eq(d->wire ? d->wire : "", "dpa");
  px_doc_free(d);
}

Test(lang_bylines, text_door_particle_name) {
  px_doc *d = text_doc("Nieuwe brug over het kanaal geopend\n\nDoor Anouk van der Berg\n\n"
                       "De nieuwe brug over het kanaal is zaterdag geopend door de "
                       "burgemeester, na twee jaar bouwen.\n\nFietsers kunnen nu in vijf "
                       "minuten naar het station.\n");
  cr_expect(has_author(d, "Anouk van der Berg"));
  px_doc_free(d);
}

/* A headline that starts with a byline word is no byline. */
Test(lang_bylines, text_headline_not_byline) {
  px_doc *d = text_doc("Von Hollen signs a new contract with the club\n\n"
                       "The defender agreed a three-year deal on Monday, the club said in a "
                       "statement on its website.\n\nHe joined the club in 2019 from a rival.\n");
  cr_expect_eq(d->nauthors, 0);
  px_doc_free(d);
}

Test(lang_bylines, html_por_and_lusa_dateline) {
  px_doc *d = html_doc("<html lang=pt><body><article><h1>Chuva forte no norte</h1>"
                       "<p>Por Inês Costa e Rui Matos</p>"
                       "<p>Porto, 3 mar (Lusa) - A chuva forte provocou inundações em várias "
                       "ruas do centro do Porto durante a madrugada de hoje.</p>"
                       "<p>Os bombeiros receberam mais de cem pedidos de ajuda, segundo a "
                       "proteção civil, que pede cuidado.</p></article></body></html>");
  cr_expect(has_author(d, "Inês Costa"));
  cr_expect(has_author(d, "Rui Matos"));
  cr_expect_str_eq(d->wire ? d->wire : "", "Lusa");
  px_doc_free(d);
}

Test(lang_bylines, html_credit_paragraph_and_di) {
  px_doc *d = html_doc("<html lang=it><body><article><h1>Treni in ritardo</h1>"
                       "<p>Roma (ANSA)</p>"
                       "<p>Un guasto alla linea elettrica ha causato ritardi fino a due ore "
                       "sui treni in arrivo a Roma questa mattina.</p>"
                       "<p>La circolazione è tornata regolare nel pomeriggio, secondo le "
                       "ferrovie.</p></article></body></html>");
  cr_expect_str_eq(d->wire ? d->wire : "", "ANSA");
  px_doc_free(d);
  d = html_doc("<html lang=it><body><article><h1>Treni in ritardo</h1>"
               "<p>di Chiara Russo</p>"
               "<p>Un guasto alla linea elettrica ha causato ritardi fino a due ore "
               "sui treni in arrivo a Roma questa mattina.</p>"
               "<p>La circolazione è tornata regolare nel pomeriggio.</p></article></body></html>");
  cr_expect(has_author(d, "Chiara Russo"));
  cr_expect_null(d->wire);
  px_doc_free(d);
}
