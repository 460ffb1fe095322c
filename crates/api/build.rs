//! Release builds embed the built front ends: rebuild when they change. Debug builds read them from
//! disk at run time, so they need no rebuild.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rerun-if-changed=../../web/storefront/dist/build/h5");
        println!("cargo:rerun-if-changed=../../web/admin/dist");
    }
}
