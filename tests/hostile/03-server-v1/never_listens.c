/* hostile: the server prints nothing and sleeps forever, whatever its arguments; every check that needs it is not run, and grading still ends. verdict: score=0 listening=FAIL */
#include <unistd.h>

int main(void)
{
    for (;;)
        pause();
}
