//! baocao-files
