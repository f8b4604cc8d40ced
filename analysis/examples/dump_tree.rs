//! Prints the tree-sitter tree of a Python file: `cargo run -p sqla-analysis --example dump_tree FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_tree FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let parsed = analysis::syntax::parse_text(text.into());
    println!("{}", parsed.root().to_sexp());
}
