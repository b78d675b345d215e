//! baocao-store
