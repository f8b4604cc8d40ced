//! What the builtin `open()` returns and what its file objects give, as typeshed's overloads of
//! `open` (picked by the mode literal) and `io`'s classes declare them: code that loads fixtures
//! and configuration around the models reads files.

use crate::hir::Name;
use crate::types::{Literal, Ty};

const TEXT: &str = "io.TextIOWrapper";
const READER: &str = "io.BufferedReader";
const WRITER: &str = "io.BufferedWriter";
const RANDOM: &str = "io.BufferedRandom";
const RAW: &str = "io.FileIO";

/// `open(path, mode, buffering, ...)`: the overload the mode literal picks; a mode that is a `str`
/// but no literal is the fallback `IO[Any]`; an unknown one leaves the overloads undecided.
pub(super) fn open_result(positional: &[Ty], keywords: &[(Name, Ty)]) -> Ty {
    let by_name = |name: &str| keywords.iter().find(|(n, _)| n.as_str() == name).map(|(_, ty)| ty);
    let mode = positional.get(1).or_else(|| by_name("mode"));
    let buffering = positional.get(2).or_else(|| by_name("buffering"));
    let mode = match mode {
        None => "r",
        Some(Ty::Literal(Literal::Str(mode))) => mode.as_str(),
        Some(ty) if ty.ext_name() == Some("builtins.str") => {
            return Ty::ext_generic("typing.IO", vec![Ty::Any]);
        }
        Some(_) => return Ty::Unknown,
    };
    if !mode.contains('b') {
        return Ty::ext_generic(TEXT, vec![Ty::ext("_io._WrappedBuffer")]);
    }
    let unbuffered = matches!(buffering, Some(Ty::Literal(Literal::Int(0))));
    match () {
        _ if unbuffered => Ty::ext(RAW),
        _ if mode.contains('+') => Ty::ext(RANDOM),
        _ if mode.contains(['w', 'a', 'x']) => Ty::ext_generic(WRITER, vec![Ty::ext("_io._BufferedWriterStream")]),
        _ => Ty::ext_generic(READER, vec![Ty::ext("_io._BufferedReaderStream")]),
    }
}

/// Whether a value is one of the file objects `open()` returns: `with open(...) as f` binds it.
pub(super) fn is_file_object(ty: &Ty) -> bool {
    content(ty).is_some()
}

/// What a file object's lines and reads are: `str` in text mode, `bytes` in binary.
pub(super) fn content(ty: &Ty) -> Option<Ty> {
    match ty.ext_name()? {
        TEXT => Some(Ty::builtin("str")),
        READER | WRITER | RANDOM | RAW => Some(Ty::builtin("bytes")),
        _ => None,
    }
}

/// What calling a method of a file object returns.
pub(super) fn method_return(receiver: &Ty, name: &str) -> Option<Ty> {
    let content = content(receiver)?;
    Some(match name {
        "read" | "readline" | "read1" | "peek" | "readall" => content,
        "readlines" => Ty::ext_generic("builtins.list", vec![content]),
        "write" | "tell" | "seek" | "fileno" | "truncate" => Ty::builtin("int"),
        "close" | "flush" | "writelines" => Ty::None,
        "readable" | "writable" | "seekable" | "isatty" => Ty::builtin("bool"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(ty: Ty) -> String {
        crate::tests::shown(Some(ty))
    }

    fn mode(text: &str) -> Ty {
        Ty::Literal(Literal::Str(Name::from(text)))
    }

    #[test]
    fn the_mode_literal_picks_typeshed_s_overload() {
        let path = Ty::builtin("str");
        assert_eq!(shown(open_result(std::slice::from_ref(&path), &[])), "TextIOWrapper[_WrappedBuffer]");
        assert_eq!(shown(open_result(&[path.clone(), mode("rb")], &[])), "BufferedReader[_BufferedReaderStream]");
        assert_eq!(shown(open_result(&[path.clone(), mode("wb")], &[])), "BufferedWriter[_BufferedWriterStream]");
        assert_eq!(shown(open_result(&[path.clone(), mode("r+b")], &[])), "BufferedRandom");
        assert_eq!(shown(open_result(&[path.clone(), mode("rb"), Ty::Literal(Literal::Int(0))], &[])), "FileIO");
        assert_eq!(
            shown(open_result(std::slice::from_ref(&path), &[(Name::from("mode"), mode("w"))])),
            "TextIOWrapper[_WrappedBuffer]"
        );
        assert_eq!(shown(open_result(&[path.clone(), Ty::builtin("str")], &[])), "IO[Any]");
        assert_eq!(shown(open_result(&[path, Ty::Unknown], &[])), "Unknown");
    }

    #[test]
    fn reads_are_str_in_text_mode_and_bytes_in_binary() {
        let text = open_result(&[Ty::builtin("str")], &[]);
        let binary = open_result(&[Ty::builtin("str"), mode("rb")], &[]);
        assert_eq!(method_return(&text, "readline").map(shown).as_deref(), Some("str"));
        assert_eq!(method_return(&binary, "read").map(shown).as_deref(), Some("bytes"));
        assert_eq!(method_return(&binary, "readlines").map(shown).as_deref(), Some("list[bytes]"));
        assert_eq!(method_return(&text, "tell").map(shown).as_deref(), Some("int"));
    }
}
