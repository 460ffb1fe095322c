export const LOCALES = ['zh-CN', 'en']

export const messages = {
  'zh-CN': {
    app: { title: '分销商城 · 管理后台', short: '分销商城' },
    menu: { staff: '员工管理', audit: '操作日志', account: '我的账号', orders: '订单管理', afterSales: '售后审核', products: '商品管理', categories: '商品分类', orderSettings: '订单设置', jobs: '定时任务', payments: '支付流水', paymentRefunds: '退款记录', reconciliation: '资金对账' },
    common: {
      loading: '加载中…', save: '保存', cancel: '取消', create: '新建', edit: '编辑', refresh: '刷新', search: '查询',
      reset: '重置', actions: '操作', yes: '是', no: '否', saved: '已保存', language: '语言', logout: '退出登录', error: '操作失败',
      confirm: '确定', delete: '删除', detail: '详情', all: '全部', reason: '原因', reasonRequired: '请填写原因（不超过 200 字）', done: '操作成功', total: '共 {n} 条',
    },
    role: { super_admin: '超级管理员', operator: '运营', finance: '财务', support: '客服' },
    login: { title: '管理员登录', username: '用户名', password: '密码', submit: '登录', required: '请输入用户名和密码' },
    staff: {
      title: '员工管理', create: '新建员工', edit: '编辑员工', username: '用户名', displayName: '显示名称', role: '角色',
      active: '状态', enabled: '启用', disabled: '已停用', createdAt: '创建时间', lastLogin: '最近登录', password: '密码',
      newPassword: '新密码（留空不修改）', disable: '停用', enable: '启用', created: '员工账号已创建', updated: '员工账号已更新',
      confirmDisable: '停用后该账号的登录会话将全部失效，确定停用 {name}？', passwordHint: '10–128 个字符',
      invalid: { username: '用户名 3–32 位，仅限字母、数字和 _ . -', password: '密码需 10–128 个字符', role: '请选择角色', display_name: '显示名称不超过 64 个字符' },
    },
    audit: {
      title: '操作日志', action: '操作', actionFilter: '按操作前缀筛选，如 staff.', admin: '操作人', target: '对象', detail: '详情',
      ip: 'IP', time: '时间', total: '共 {n} 条',
    },
    account: { title: '我的账号', id: 'ID', username: '用户名', displayName: '显示名称', role: '角色', createdAt: '创建时间', lastLogin: '最近登录' },
    order: {
      title: '订单管理', orderNo: '订单号', userId: '用户 ID', status: '状态', total: '实付', goods: '商品金额', freight: '运费',
      createdAt: '下单时间', paidAt: '付款时间', shippedAt: '发货时间', payDeadline: '付款截止', lines: '商品', address: '收货地址',
      history: '订单记录', note: '买家备注', ship: '发货', cancel: '取消订单', cancelReason: '取消原因', shipped: '已发货', cancelled: '订单已取消',
      actors: { shopper: '买家', admin: '员工', system: '系统' },
      events: { place: '下单', pay: '付款', ship: '发货', confirm_receipt: '确认收货', cancel: '取消', after_sale_requested: '申请售后', after_sale_approved: '同意售后', after_sale_rejected: '拒绝售后' },
      carrier: '快递公司', trackingNo: '运单号', quantity: '数量', unitPrice: '单价', refunded: '已退', afterSales: '售后',
      statuses: { pending_payment: '待付款', paid: '待发货', shipped: '已发货', received: '已收货', completed: '已完成', cancelled: '已取消', refunded: '已退款' },
    },
    ship: { title: '发货', invalid: { carrier: '请选择或填写快递公司', tracking_no: '运单号为 6–40 位字母、数字或 -' } },
    afterSale: {
      title: '售后审核', id: '编号', order: '订单', kind: '类型', amount: '退款金额', reason: '申请原因', status: '状态', createdAt: '申请时间',
      approve: '同意退款', reject: '拒绝', rejectTitle: '拒绝售后申请', rejectReason: '拒绝原因', approved: '已同意退款', rejected: '已拒绝',
      confirmApprove: '同意后将按 {amount} 退款，确定？', lines: '退款商品',
      kinds: { refund_only: '仅退款', return_and_refund: '退货退款' },
      statuses: { refund_requested: '待审核', refund_approved: '已同意退款', refund_rejected: '已拒绝', refunded: '已退款' },
    },
    product: {
      title: '商品管理', create: '新建商品', edit: '编辑商品', search: '搜索商品名称', name: '商品名称', category: '分类', price: '售价',
      sales: '销量', onShelf: '上架', shelfOn: '已上架', shelfOff: '已下架', subtitle: '副标题', description: '详情（HTML，服务器会清理）',
      images: '图片地址（每行一个）', sort: '排序', freight: '运费模板', defaultFreight: '默认模板', skus: '规格（SKU）', addSku: '添加 SKU',
      specs: '规格（如 颜色:白色; 尺码:M）', originalPrice: '原价', distributorPrice: '分销价', stock: '库存', weight: '重量(克)', code: '编码',
      stockHint: '已有 SKU 的库存请用「调整库存」', adjust: '调整库存', saved: '商品已保存', shelfChanged: '上架状态已更新', back: '返回列表',
      invalid: {
        name: '请填写商品名称（不超过 100 字）', category: '请选择分类', skus: '至少需要 1 个 SKU', specs: '规格格式：名称:值，用分号分隔',
        duplicateSpecs: '规格重复', price: '请输入正确的金额（元，最多两位小数）', distributorPrice: '分销价不能高于售价', weight: '重量需为非负整数',
        stock: '库存需为非负整数',
      },
    },
    stock: {
      title: '调整库存', change: '变动', current: '当前库存', delta: '增减数量（负数为减少）', reason: '原因', history: '库存记录', after: '调整后',
      at: '时间', by: '操作方', adjusted: '库存已调整',
      invalid: { delta: '请输入非 0 整数', negative: '调整后库存不能小于 0', reason: '请填写原因' },
    },
    category: {
      title: '商品分类', create: '新建分类', createChild: '添加子分类', edit: '编辑分类', name: '名称', parent: '上级分类', none: '无（顶级）',
      sort: '排序', confirmDelete: '确定删除分类「{name}」？', deleted: '分类已删除', invalidName: '请填写分类名称（不超过 20 字）',
    },
    settings: {
      title: '订单设置', paymentTimeout: '付款时限（分钟）', autoConfirm: '自动确认收货（天）', paymentHint: '下单后超过该时间未付款自动取消',
      autoConfirmHint: '发货后超过该天数自动确认收货',
    },
    jobs: {
      title: '定时任务', run: '立即运行', lastResult: '本次结果：到期 {due} 个，已处理 {processed} 个',
      names: { 'cancel-expired-orders': '取消超时未付款订单', 'auto-confirm-receipt': '自动确认收货' },
      hints: { 'cancel-expired-orders': '按「订单设置」的付款时限取消未付款订单并释放库存', 'auto-confirm-receipt': '按「订单设置」的天数自动确认已发货订单' },
    },
    payment: {
      title: '支付流水', id: '编号', outTradeNo: '商户单号', purpose: '用途', userId: '用户 ID', method: '支付方式', amount: '金额',
      refunded: '已退', status: '状态', transactionId: '渠道交易号', createdAt: '创建', paidAt: '支付', time: '时间', order: '订单 #{id}',
      purposes: { order: '订单', top_up: '余额充值' },
      methods: { balance: '余额', wechat: '微信支付' },
      statuses: { pending: '待支付', paid: '已支付', closed: '已关闭' },
    },
    moneyRefund: {
      title: '退款记录', id: '编号', paymentId: '支付编号', outRefundNo: '退款单号', afterSale: '售后单', amount: '退款金额', method: '退回方式',
      status: '状态', reason: '原因', time: '时间', createdAt: '发起', finishedAt: '完成', retry: '重新发起', retried: '已重新发起退款',
      confirmRetry: '重新向支付渠道发起退款 {amount}？', none: '—',
      statuses: { processing: '处理中', succeeded: '已退款', failed: '失败' },
    },
    wallet: {
      adjust: '调整余额', title: '调整用户余额', userId: '用户 ID', amount: '调整金额（元）', amountHint: '正数增加、负数扣减，如 50 或 -5.00',
      reason: '原因', reasonPlaceholder: '必填，会记入操作日志', submit: '确认调整', done: '余额已调整，当前余额 {balance}',
      confirm: '确定为用户 {user} {change}？', credit: '增加 {amount}', debit: '扣减 {amount}', result: '用户 {user} 当前余额 {balance}',
      invalid: { user_id: '请输入正确的用户 ID', amount: '请输入非 0 金额（元，最多两位小数，绝对值不超过 100000）', reason: '请填写原因（不超过 200 字）' },
    },
    recon: {
      title: '资金对账', balanced: '账目平衡', unbalanced: '账目不平', generatedAt: '生成时间 {time}', entries: '记账凭证 {n} 笔',
      quarantined: '待核查的支付通知 {n} 条', checks: '核对项', check: '核对项', expected: '应为', actual: '实际', result: '结果',
      pass: '通过', fail: '不符', accounts: '账户汇总', kind: '账户类型', count: '账户数', balance: '余额合计',
      checkNames: {
        postings_sum_to_zero: '全部分录合计为 0', entries_balanced: '每笔凭证借贷平衡（不平凭证数）',
        balances_match_postings: '账户余额与分录一致（不一致账户数）', no_negative_user_accounts: '用户账户无负余额（负余额账户数）',
        clearing_matches_channel: '清算账户与支付渠道收支一致', refunds_payable_matches_open_refunds: '待退款与进行中的退款一致',
        revenue_matches_orders: '营业收入与订单收款一致', wallets_match_sources: '用户余额与充值、支付、退款、调整一致',
      },
      kinds: {
        user_wallet: '用户余额', commission_frozen: '冻结佣金', commission_available: '可提现佣金', commission_withdrawing: '提现中佣金',
        commission_debt: '佣金欠款', platform_clearing: '平台清算', merchant_revenue: '营业收入', merchant_expense: '商家费用',
        fee_income: '手续费收入', refunds_payable: '待退款',
      },
    },
    errors: {
      forbidden: '当前角色无权访问该页面', not_found: '记录不存在或已删除', conflict: '状态已变化，请刷新后再试', invalid_state: '当前状态不能进行此操作',
      validation_failed: '填写的信息有误，请检查', out_of_stock: '库存不足', network_error: '网络异常，请稍后再试',
      insufficient_balance: '用户余额不足，无法扣减', invalid_transition: '当前状态不能进行此操作', payment_provider_error: '支付渠道暂时不可用，请稍后再试',
      refund_exceeds_paid: '退款金额超过该笔支付的剩余金额', payment_method_unavailable: '商城未开通该支付方式',
    },
  },
  en: {
    app: { title: 'Fenxiao Mall · Admin', short: 'Fenxiao Mall' },
    menu: { staff: 'Staff', audit: 'Audit log', account: 'My account', orders: 'Orders', afterSales: 'After-sales', products: 'Products', categories: 'Categories', orderSettings: 'Order settings', jobs: 'Jobs', payments: 'Payments', paymentRefunds: 'Refunds (money)', reconciliation: 'Reconciliation' },
    common: {
      loading: 'Loading…', save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', refresh: 'Refresh', search: 'Search',
      reset: 'Reset', actions: 'Actions', yes: 'Yes', no: 'No', saved: 'Saved', language: 'Language', logout: 'Log out', error: 'Failed',
      confirm: 'OK', delete: 'Delete', detail: 'Details', all: 'All', reason: 'Reason', reasonRequired: 'Enter a reason (up to 200 characters)', done: 'Done', total: '{n} in total',
    },
    role: { super_admin: 'Super admin', operator: 'Operator', finance: 'Finance', support: 'Support' },
    login: { title: 'Staff login', username: 'Username', password: 'Password', submit: 'Log in', required: 'Enter username and password' },
    staff: {
      title: 'Staff', create: 'New staff account', edit: 'Edit staff account', username: 'Username', displayName: 'Display name', role: 'Role',
      active: 'Status', enabled: 'Active', disabled: 'Disabled', createdAt: 'Created', lastLogin: 'Last login', password: 'Password',
      newPassword: 'New password (leave empty to keep)', disable: 'Disable', enable: 'Enable', created: 'Staff account created', updated: 'Staff account updated',
      confirmDisable: 'Disabling ends all of {name}\'s sessions. Disable?', passwordHint: '10–128 characters',
      invalid: { username: 'Username: 3–32 letters, digits, _ . -', password: 'Password must be 10–128 characters', role: 'Choose a role', display_name: 'Display name: at most 64 characters' },
    },
    audit: {
      title: 'Audit log', action: 'Action', actionFilter: 'Filter by action prefix, e.g. staff.', admin: 'By', target: 'Target', detail: 'Detail',
      ip: 'IP', time: 'Time', total: '{n} entries',
    },
    account: { title: 'My account', id: 'ID', username: 'Username', displayName: 'Display name', role: 'Role', createdAt: 'Created', lastLogin: 'Last login' },
    order: {
      title: 'Orders', orderNo: 'Order no.', userId: 'User ID', status: 'Status', total: 'Total', goods: 'Goods', freight: 'Shipping',
      createdAt: 'Placed', paidAt: 'Paid', shippedAt: 'Shipped', payDeadline: 'Pay by', lines: 'Items', address: 'Ship to',
      history: 'History', note: 'Buyer note', ship: 'Ship', cancel: 'Cancel order', cancelReason: 'Cancel reason', shipped: 'Shipped', cancelled: 'Order cancelled',
      actors: { shopper: 'shopper', admin: 'staff', system: 'system' },
      events: { place: 'Placed', pay: 'Paid', ship: 'Shipped', confirm_receipt: 'Receipt confirmed', cancel: 'Cancelled', after_sale_requested: 'After-sale requested', after_sale_approved: 'After-sale approved', after_sale_rejected: 'After-sale rejected' },
      carrier: 'Carrier', trackingNo: 'Tracking no.', quantity: 'Qty', unitPrice: 'Unit price', refunded: 'Refunded', afterSales: 'After-sales',
      statuses: { pending_payment: 'To pay', paid: 'To ship', shipped: 'Shipped', received: 'Received', completed: 'Completed', cancelled: 'Cancelled', refunded: 'Refunded' },
    },
    ship: { title: 'Ship', invalid: { carrier: 'Choose or enter a carrier', tracking_no: 'Tracking no.: 6–40 letters, digits or -' } },
    afterSale: {
      title: 'After-sales', id: 'No.', order: 'Order', kind: 'Type', amount: 'Refund', reason: 'Reason', status: 'Status', createdAt: 'Requested',
      approve: 'Approve refund', reject: 'Reject', rejectTitle: 'Reject request', rejectReason: 'Reason for rejecting', approved: 'Refund approved', rejected: 'Rejected',
      confirmApprove: 'Refund {amount}?', lines: 'Items',
      kinds: { refund_only: 'Refund only', return_and_refund: 'Return and refund' },
      statuses: { refund_requested: 'Pending', refund_approved: 'Refund approved', refund_rejected: 'Rejected', refunded: 'Refunded' },
    },
    product: {
      title: 'Products', create: 'New product', edit: 'Edit product', search: 'Search by name', name: 'Name', category: 'Category', price: 'Price',
      sales: 'Sales', onShelf: 'On shelf', shelfOn: 'On shelf', shelfOff: 'Off shelf', subtitle: 'Subtitle', description: 'Description (HTML, sanitised by the server)',
      images: 'Image URLs (one per line)', sort: 'Sort', freight: 'Freight template', defaultFreight: 'Default template', skus: 'SKUs', addSku: 'Add SKU',
      specs: 'Specs (e.g. 颜色:白色; 尺码:M)', originalPrice: 'List price', distributorPrice: 'Distributor price', stock: 'Stock', weight: 'Weight (g)', code: 'Code',
      stockHint: 'Change the stock of existing SKUs with "Adjust stock"', adjust: 'Adjust stock', saved: 'Product saved', shelfChanged: 'Shelf status updated', back: 'Back to list',
      invalid: {
        name: 'Enter a name (up to 100 characters)', category: 'Choose a category', skus: 'At least one SKU', specs: 'Specs: name:value, separated by ;',
        duplicateSpecs: 'Duplicate specs', price: 'Enter an amount in yuan (up to 2 decimals)', distributorPrice: 'Distributor price cannot exceed the price', weight: 'Weight must be a whole number ≥ 0',
        stock: 'Stock must be a whole number ≥ 0',
      },
    },
    stock: {
      title: 'Adjust stock', change: 'Change', current: 'Current stock', delta: 'Change (negative to reduce)', reason: 'Reason', history: 'Stock history', after: 'After',
      at: 'Time', by: 'By', adjusted: 'Stock adjusted',
      invalid: { delta: 'Enter a non-zero whole number', negative: 'Stock cannot go below 0', reason: 'Enter a reason' },
    },
    category: {
      title: 'Categories', create: 'New category', createChild: 'Add subcategory', edit: 'Edit category', name: 'Name', parent: 'Parent', none: 'None (top level)',
      sort: 'Sort', confirmDelete: 'Delete category "{name}"?', deleted: 'Category deleted', invalidName: 'Enter a name (up to 20 characters)',
    },
    settings: {
      title: 'Order settings', paymentTimeout: 'Payment time limit (minutes)', autoConfirm: 'Auto-confirm receipt (days)', paymentHint: 'Unpaid orders are cancelled after this',
      autoConfirmHint: 'Shipped orders are confirmed as received after this many days',
    },
    jobs: {
      title: 'Jobs', run: 'Run now', lastResult: 'Result: {due} due, {processed} processed',
      names: { 'cancel-expired-orders': 'Cancel expired unpaid orders', 'auto-confirm-receipt': 'Auto-confirm receipt' },
      hints: { 'cancel-expired-orders': 'Cancels orders past the payment time limit and releases their stock', 'auto-confirm-receipt': 'Confirms shipped orders after the configured number of days' },
    },
    payment: {
      title: 'Payments', id: 'No.', outTradeNo: 'Trade no.', purpose: 'For', userId: 'User ID', method: 'Method', amount: 'Amount',
      refunded: 'Refunded', status: 'Status', transactionId: 'Channel transaction', createdAt: 'Created', paidAt: 'Paid', time: 'Time', order: 'Order #{id}',
      purposes: { order: 'Order', top_up: 'Wallet top-up' },
      methods: { balance: 'Balance', wechat: 'WeChat Pay' },
      statuses: { pending: 'Pending', paid: 'Paid', closed: 'Closed' },
    },
    moneyRefund: {
      title: 'Refunds (money)', id: 'No.', paymentId: 'Payment', outRefundNo: 'Refund no.', afterSale: 'After-sale', amount: 'Amount', method: 'Back to',
      status: 'Status', reason: 'Reason', time: 'Time', createdAt: 'Started', finishedAt: 'Finished', retry: 'Retry', retried: 'Refund sent again',
      confirmRetry: 'Send the refund of {amount} to the payment channel again?', none: '—',
      statuses: { processing: 'Processing', succeeded: 'Refunded', failed: 'Failed' },
    },
    wallet: {
      adjust: 'Adjust balance', title: 'Adjust a wallet', userId: 'User ID', amount: 'Amount (¥)', amountHint: 'Positive credits, negative debits, e.g. 50 or -5.00',
      reason: 'Reason', reasonPlaceholder: 'Required; recorded in the audit log', submit: 'Adjust', done: 'Balance adjusted; now {balance}',
      confirm: '{change} for user {user}?', credit: 'Credit {amount}', debit: 'Debit {amount}', result: 'User {user} balance: {balance}',
      invalid: { user_id: 'Enter a valid user ID', amount: 'Enter a non-zero amount in yuan (up to 2 decimals, at most 100000 either way)', reason: 'Enter a reason (up to 200 characters)' },
    },
    recon: {
      title: 'Reconciliation', balanced: 'Balanced', unbalanced: 'Not balanced', generatedAt: 'Generated {time}', entries: '{n} journal entries',
      quarantined: '{n} payment notifications to review', checks: 'Checks', check: 'Check', expected: 'Expected', actual: 'Actual', result: 'Result',
      pass: 'OK', fail: 'Mismatch', accounts: 'Accounts', kind: 'Account kind', count: 'Accounts', balance: 'Total balance',
      checkNames: {
        postings_sum_to_zero: 'All postings sum to zero', entries_balanced: 'Every entry balances (unbalanced entries)',
        balances_match_postings: 'Balances match postings (drifted accounts)', no_negative_user_accounts: 'No negative user accounts (negative accounts)',
        clearing_matches_channel: 'Clearing matches the payment channel', refunds_payable_matches_open_refunds: 'Refunds payable match open refunds',
        revenue_matches_orders: 'Revenue matches order payments', wallets_match_sources: 'Wallets match top-ups, payments, refunds and adjustments',
      },
      kinds: {
        user_wallet: 'User wallets', commission_frozen: 'Frozen commission', commission_available: 'Available commission', commission_withdrawing: 'Commission being withdrawn',
        commission_debt: 'Commission debt', platform_clearing: 'Platform clearing', merchant_revenue: 'Merchant revenue', merchant_expense: 'Merchant expense',
        fee_income: 'Fee income', refunds_payable: 'Refunds payable',
      },
    },
    errors: {
      forbidden: 'Your role cannot open this page', not_found: 'Not found or deleted', conflict: 'Something changed; refresh and try again', invalid_state: 'Not possible in the current state',
      validation_failed: 'Some fields are invalid; please check', out_of_stock: 'Not enough stock', network_error: 'Network problem, please try again',
      insufficient_balance: 'The wallet balance is too low for this debit', invalid_transition: 'Not possible in the current state', payment_provider_error: 'The payment channel is unavailable; try again later',
      refund_exceeds_paid: 'The refund exceeds what is left of the payment', payment_method_unavailable: 'The shop has not set up this payment method',
    },
  },
}

export function pickLocale(lang) {
  return String(lang || '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}
