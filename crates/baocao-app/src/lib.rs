//! baocao-app
