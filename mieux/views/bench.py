from django.http import HttpResponse


def hello(request):
    """The benchmarks' yardstick: the smallest page, through the whole middleware stack.

    Routed only when BENCH_ENDPOINTS is on (bench/run.py turns it on), never in production.
    """
    return HttpResponse("Hello, world", content_type="text/plain")
