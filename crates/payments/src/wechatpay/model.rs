//! Wire types of the WeChat Pay v3 calls we make (field names as the API spells them).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone)]
pub struct PrepayParams {
    pub description: String,
    pub out_trade_no: String,
    pub total: i64,
    pub openid: String,
    pub attach: String,
    pub time_expire: Option<chrono::DateTime<chrono::Utc>>,
    pub profit_sharing: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PrepayResponse {
    pub prepay_id: String,
}

/// What `wx.requestPayment` (and `uni.requestPayment`) takes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RequestPayment {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Payer {
    pub openid: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct TransactionAmount {
    pub total: i64,
    #[serde(default)]
    pub payer_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub payer_currency: Option<String>,
}

/// The decrypted `transaction` resource, and the query answer.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Transaction {
    #[serde(default)]
    pub appid: String,
    #[serde(default)]
    pub mchid: String,
    pub out_trade_no: String,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub trade_type: Option<String>,
    pub trade_state: String,
    #[serde(default)]
    pub trade_state_desc: Option<String>,
    #[serde(default)]
    pub bank_type: Option<String>,
    #[serde(default)]
    pub attach: Option<String>,
    #[serde(default)]
    pub success_time: Option<String>,
    #[serde(default)]
    pub payer: Option<Payer>,
    #[serde(default)]
    pub amount: TransactionAmount,
}

#[derive(Debug, Clone)]
pub struct RefundParams {
    pub out_trade_no: String,
    pub out_refund_no: String,
    pub reason: String,
    pub refund: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct RefundAmount {
    pub total: i64,
    pub refund: i64,
    #[serde(default)]
    pub payer_total: Option<i64>,
    #[serde(default)]
    pub payer_refund: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
}

/// The refund answer, the refund query answer, and the decrypted `refund` notification resource
/// (which calls the status `refund_status`).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct Refund {
    #[serde(default)]
    pub refund_id: Option<String>,
    pub out_refund_no: String,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub out_trade_no: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub user_received_account: Option<String>,
    #[serde(default)]
    pub success_time: Option<String>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default, alias = "refund_status")]
    pub status: String,
    #[serde(default)]
    pub mchid: Option<String>,
    #[serde(default)]
    pub amount: RefundAmount,
}

#[derive(Debug, Clone)]
pub struct TransferParams {
    pub out_bill_no: String,
    pub scene_id: String,
    pub openid: String,
    pub user_name: Option<String>,
    pub amount: i64,
    pub remark: String,
    pub perception: String,
    pub report_infos: Vec<(String, String)>,
}

/// A transfer bill (answer, query and the decrypted `mch_payment` notification).
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct TransferBill {
    #[serde(default)]
    pub mch_id: Option<String>,
    pub out_bill_no: String,
    #[serde(default)]
    pub transfer_bill_no: Option<String>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub transfer_amount: Option<i64>,
    #[serde(default)]
    pub openid: Option<String>,
    #[serde(default)]
    pub fail_reason: Option<String>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default)]
    pub update_time: Option<String>,
    #[serde(default)]
    pub package_info: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ProfitSharingReceiver {
    pub openid: String,
    pub amount: i64,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct ProfitSharingParams {
    pub transaction_id: String,
    pub out_order_no: String,
    pub receivers: Vec<ProfitSharingReceiver>,
    pub unfreeze_unsplit: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ProfitSharingReceiverResult {
    #[serde(default)]
    pub amount: i64,
    #[serde(default)]
    pub description: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub account: String,
    #[serde(default)]
    pub result: String,
    #[serde(default)]
    pub fail_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ProfitSharingOrder {
    #[serde(default)]
    pub transaction_id: String,
    pub out_order_no: String,
    #[serde(default)]
    pub order_id: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub receivers: Vec<ProfitSharingReceiverResult>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NotificationResource {
    #[serde(default)]
    pub original_type: String,
    pub algorithm: String,
    pub ciphertext: String,
    #[serde(default)]
    pub associated_data: String,
    pub nonce: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct NotificationEnvelope {
    pub id: String,
    #[serde(default)]
    pub create_time: String,
    #[serde(default)]
    pub resource_type: String,
    pub event_type: String,
    #[serde(default)]
    pub summary: String,
    pub resource: NotificationResource,
}

/// A verified, decrypted notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: String,
    pub event_type: String,
    pub original_type: String,
    pub create_time: String,
    pub plaintext: Vec<u8>,
}
