// libpulse's asynchronous API (threaded main loop, context, record streams, introspection).
#include <pulse/pulseaudio.h>
