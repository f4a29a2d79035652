/* parallax command (placeholder until the CLI lands). */
#include <stdio.h>
#include "parallax.h"
int main(void) { printf("parallax %s\n", px_version()); return 0; }
