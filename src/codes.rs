//! The long explanation of every diagnostic code, for `jixiao explain-code`.
