//! baocao-engine
