// emorec serve --fer-run RUN [--kg-run RUN] [--catalogue FILE] [--config FILE] [--set k=v ...]
//              [--host 127.0.0.1] [--port 8080] [--threads 8] [--max-upload-mb 10] [--detector NAME ...]
//              [--port-file FILE]
#include <csignal>
#include <cstdio>
#include <memory>
#include <pthread.h>
#include <thread>

#include "cli/commands.h"
#include "cli/face_options.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/log.h"
#include "serve/server.h"

namespace emorec::cli {

Command add_serve(CLI::App& app) {
  struct Args {
    serve::ServeOptions options;
    double max_upload_mb = 10;
    std::string port_file;
  };
  auto args = std::make_shared<Args>();
  auto& o = args->options;
  auto* sub = app.add_subcommand("serve", "the local web page and JSON API: a photo or the webcam in, the emotion "
                                          "and a ranked, explained list of songs out");
  sub->add_option("--fer-run", o.fer_run, "run folder of a fer/ model")->required();
  sub->add_option("--kg-run", o.kg_run, "run folder of a KG model on kgcn-lastfm: the page's Last.FM user picker");
  sub->add_option("--catalogue", o.catalogue,
                  "catalogue file from `emorec catalogue build` (default: $EMOREC_CACHE or .cache/emorec, /catalogue.tsv)");
  sub->add_option("--config", o.app_config, "app config (configs/app/*.yaml)");
  sub->add_option("--set", o.sets, "override an app config key, e.g. --set ranking.artist_cap=1");
  sub->add_option("--host", o.host, "address to listen on (127.0.0.1: this machine only)");
  sub->add_option("--port", o.port, "port (0: any free port, printed)")->check(CLI::Range(0, 65535));
  sub->add_option("--threads", o.threads, "worker threads")->check(CLI::Range(1, 256));
  sub->add_option("--max-upload-mb", args->max_upload_mb, "largest request body, in MB")->check(CLI::Range(0.01, 512.0));
  sub->add_option("--max-k", o.max_k, "longest list a request may ask for")->check(CLI::Range(1, 1000));
  sub->add_option("--port-file", args->port_file, "also write the port to this file once listening (for scripts)");
  add_face_options(sub, &o.faces);
  return [args] {
    auto& o = args->options;
    o.max_upload_bytes = static_cast<int64_t>(args->max_upload_mb * 1024 * 1024);
    // SIGINT and SIGTERM end the server cleanly: blocked here (so every worker thread inherits the mask) and
    // taken by one thread that stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    serve::Server server(o);
    const int port = server.bind();
    std::thread waiter([&server, signals] {
      int sig = 0;
      sigwait(&signals, &sig);
      log_info("serve: signal ", sig, ", stopping");
      server.stop();
    });
    waiter.detach();
    if (!args->port_file.empty()) {
      write_file_atomic(args->port_file, [&](std::ostream& out) { out << port << "\n"; });
    }
    std::printf("EmoRec is serving http://%s:%d/ (FER run %s; Ctrl-C stops it)\n", o.host.c_str(), port,
                o.fer_run.c_str());
    std::fflush(stdout);
    server.run();
    return 0;
  };
}

}  // namespace emorec::cli
