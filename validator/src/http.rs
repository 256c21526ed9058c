//! The HTTP endpoint: single requests and batches, every answer a JSON-RPC object.
use super::*;

/// Largest JSON-RPC request body, as agave's RPC service (50 KiB).
pub(crate) const MAX_REQUEST_BODY_SIZE: usize = 50 * 1024;

pub(crate) fn error_value(id: &Value, error: RpcError) -> Value {
    let mut body = json!({ "code": error.code, "message": error.message });
    if let Some(data) = error.data {
        body["data"] = data;
    }
    json!({ "jsonrpc": "2.0", "error": body, "id": id })
}

pub(crate) async fn handle_one(shared: &Arc<Shared>, request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let Some(method) = request.get("method").and_then(Value::as_str) else {
        return error_value(&id, RpcError { code: -32600, message: "Invalid request".into(), data: None });
    };
    let params = match request.get("params") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(params)) => params.clone(),
        Some(_) => return error_value(&id, RpcError::invalid_params("params must be an array")),
    };
    match shared.call(method, &params).await {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => error_value(&id, error),
    }
}

/// The HTTP endpoint. Every answer is a JSON-RPC object, also for problems at the HTTP level
/// (an oversized, truncated or non-UTF-8 body), as the JSON-RPC spec asks.
pub(crate) async fn rpc(
    State(shared): State<Arc<Shared>>,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Json<Value> {
    let parse_error = |message: &str| Json(error_value(&Value::Null, RpcError { code: -32700, message: message.into(), data: None }));
    let Ok(body) = body else { return parse_error("Parse error: the request body could not be read") };
    if body.len() > MAX_REQUEST_BODY_SIZE {
        let message = format!("Invalid request: the body has {} bytes, more than {MAX_REQUEST_BODY_SIZE}", body.len());
        return Json(error_value(&Value::Null, RpcError { code: -32600, message, data: None }));
    }
    let request: Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(_) => return parse_error("Parse error"),
    };
    match request {
        Value::Array(batch) if batch.is_empty() => {
            Json(error_value(&Value::Null, RpcError { code: -32600, message: "Invalid request: empty batch".into(), data: None }))
        }
        Value::Array(batch) => {
            let mut responses = Vec::with_capacity(batch.len());
            for request in &batch {
                responses.push(handle_one(&shared, request).await);
            }
            Json(Value::Array(responses))
        }
        request => Json(handle_one(&shared, &request).await),
    }
}
