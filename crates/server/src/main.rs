//! `fenxiao`: the whole shop in one binary.

use clap::{Parser, Subcommand};
use fenxiao_server::config::Config;
use fenxiao_server::startup::{Application, services, shutdown_signal};
use fenxiao_server::telemetry::init_logging;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(name = "fenxiao", version, about = "Fenxiao Mall — a distribution mall in one binary")]
struct Cli {
    /// Configuration file (default: ./fenxiao.toml when present). FENXIAO_* variables win.
    #[arg(long, global = true, env = "FENXIAO_CONFIG")]
    config: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and, later, the front ends and background jobs).
    Serve {
        /// Seed the demo shop first when the database has no products.
        #[arg(long)]
        demo: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Fill an empty shop with demo categories, products and shoppers.
    SeedDemo,
    /// Create a staff account.
    CreateAdmin {
        #[arg(long)]
        username: String,
        /// Read from FENXIAO_NEW_ADMIN_PASSWORD when not given, to keep it out of shell history.
        #[arg(long, env = "FENXIAO_NEW_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "super_admin")]
        role: String,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Load-test a running server (started with FENXIAO_DEV_MODE=true for the sandbox login).
    Bench {
        #[command(subcommand)]
        what: BenchKind,
    },
}

#[derive(Subcommand)]
enum BenchKind {
    /// C shoppers place N one-unit orders on a fresh product; checks sold + remaining = initial.
    Orders {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 5000)]
        orders: u64,
        #[arg(long, default_value_t = 4)]
        skus: usize,
        /// Stock per SKU (set it below orders/skus to exercise out_of_stock).
        #[arg(long, default_value_t = 1_000_000)]
        stock: i64,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN", default_value = "admin")]
        admin: String,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN_PASSWORD")]
        admin_password: String,
    },
    /// C shoppers place and pay N orders with WeChat Pay through the sandbox (dev mode); prints
    /// payments/s and the notification round trip; checks the reconciliation.
    Payments {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        #[arg(long, default_value_t = 2000)]
        payments: u64,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN", default_value = "admin")]
        admin: String,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN_PASSWORD")]
        admin_password: String,
    },
    /// Builds a referral tree of `size` members under one distributor directly in the database
    /// (`--database-url`, a fresh one), then times binding new members at the bottom and reading the
    /// top distributor's team figures.
    Tree {
        #[arg(long, env = "FENXIAO_DATABASE_URL")]
        database_url: String,
        #[arg(long, default_value_t = 1_000_000)]
        size: u64,
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
    /// A flash-sale burst: B buyers (logged in first) each try one unit of a fresh sale of U units,
    /// C in flight; prints answers/s, p50/p99 and errors, and checks exactly min(U, B) orders.
    Flash {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 256)]
        concurrency: usize,
        #[arg(long, default_value_t = 2000)]
        buyers: usize,
        #[arg(long, default_value_t = 50)]
        units: i64,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN", default_value = "admin")]
        admin: String,
        #[arg(long, env = "FENXIAO_BENCH_ADMIN_PASSWORD")]
        admin_password: String,
    },
    /// Loads a year of dashboard figures straight into a fresh database (`--database-url`) and
    /// times the dashboard's queries for 30-, 90- and 365-day windows.
    Reports {
        #[arg(long, env = "FENXIAO_DATABASE_URL")]
        database_url: String,
        #[arg(long, default_value_t = 3000)]
        buyers_per_day: i64,
        #[arg(long, default_value_t = 1_000_000)]
        commissions: i64,
        #[arg(long, default_value_t = 20)]
        samples: usize,
    },
    /// C readers fetch product details, N requests in all.
    Reads {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 50_000)]
        requests: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        println!("{}", serde_json::to_string_pretty(&fenxiao_api::openapi()).unwrap_or_default());
        return ExitCode::SUCCESS;
    }
    if let Command::Bench { what } = cli.command {
        return bench(what);
    }
    let cfg = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fenxiao: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&cfg.log_format, &cfg.log);
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fenxiao: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli.command, cfg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fenxiao: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn bench(what: BenchKind) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("fenxiao bench: {e}");
            return ExitCode::FAILURE;
        }
    };
    let r = rt.block_on(async move {
        match what {
            BenchKind::Orders { url, concurrency, orders, skus, stock, admin, admin_password } => {
                fenxiao_server::bench::orders(&url, (&admin, &admin_password), concurrency, orders, skus.max(1), stock).await
            }
            BenchKind::Payments { url, concurrency, payments, admin, admin_password } => {
                fenxiao_server::bench::payments(&url, (&admin, &admin_password), concurrency, payments).await
            }
            BenchKind::Flash { url, concurrency, buyers, units, admin, admin_password } => {
                fenxiao_server::bench::flash(&url, (&admin, &admin_password), concurrency, buyers, units).await
            }
            BenchKind::Reports { database_url, buyers_per_day, commissions, samples } => {
                fenxiao_server::bench::reports(&database_url, buyers_per_day, commissions, samples).await
            }
            BenchKind::Tree { database_url, size, samples } => fenxiao_server::bench::tree(&database_url, size, samples).await,
            BenchKind::Reads { url, concurrency, requests } => fenxiao_server::bench::reads(&url, concurrency, requests).await,
        }
    });
    match r {
        Ok(f) => {
            f.print();
            if f.errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("fenxiao bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cmd: Command, cfg: Config) -> anyhow::Result<()> {
    match cmd {
        Command::Serve { demo } => {
            let started = Instant::now();
            if demo {
                let s = services(&cfg).await?;
                let r = s.seed_demo().await?;
                if !r.skipped {
                    tracing::info!(categories = r.categories, products = r.products, users = r.users, "demo shop seeded");
                }
            }
            let app = Application::build(&cfg).await?;
            if let Some((user, generated)) = &app.bootstrap {
                match generated {
                    Some(pw) => println!("Created super admin '{user}' with password: {pw}\n(shown once — change it in the admin console)"),
                    None => println!("Created super admin '{user}' with the password from FENXIAO_ADMIN_PASSWORD"),
                }
            }
            let port = app.port();
            let host = cfg.listen.rsplit_once(':').map(|(h, _)| h).unwrap_or("127.0.0.1");
            tracing::info!(
                listen = %cfg.listen,
                database = %fenxiao_store::redact_url(&cfg.database_url),
                redis = cfg.redis_url.is_some(),
                dev_mode = cfg.dev_mode,
                startup_ms = started.elapsed().as_millis() as u64,
                "fenxiao is serving"
            );
            println!(
                "Fenxiao Mall is up: API http://{host}:{port}/api/v1/products · docs http://{host}:{port}/docs · health http://{host}:{port}/healthz"
            );
            app.run_until_stopped(shutdown_signal()).await?;
            Ok(())
        }
        Command::Migrate => {
            services(&cfg).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            let s = services(&cfg).await?;
            let r = s.seed_demo().await?;
            if r.skipped {
                println!("the shop already has products; nothing seeded");
            } else {
                println!("seeded {} categories, {} products, {} shoppers", r.categories, r.products, r.users);
            }
            Ok(())
        }
        Command::CreateAdmin { username, password, role } => {
            let s = services(&cfg).await?;
            let a = s.create_admin_cli(&username, &password, &role).await?;
            println!("created staff account '{}' ({})", a.username, a.role);
            Ok(())
        }
        Command::Openapi | Command::Bench { .. } => Ok(()),
    }
}
