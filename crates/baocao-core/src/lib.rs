//! baocao-core
