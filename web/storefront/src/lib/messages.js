// UI strings. Keys are shared by both locales; a test checks they stay in step.
export const LOCALES = ['zh-CN', 'en']

export const messages = {
  'zh-CN': {
    app: { name: '分销商城' },
    tab: { home: '首页', category: '分类', cart: '购物车', me: '我的' },
    common: {
      loading: '加载中…', retry: '重试', empty: '暂无内容', noMore: '没有更多了', loadMore: '加载更多',
      save: '保存', saved: '已保存', cancel: '取消', confirm: '确定', back: '返回', language: '语言',
      error: '出错了', networkError: '网络异常，请稍后再试',
    },
    home: { title: '分销商城', searchPlaceholder: '搜索商品', categories: '商品分类', products: '热销商品', sold: '已售 {n}' },
    category: { title: '商品分类', all: '全部', products: '商品' },
    search: { title: '搜索', placeholder: '输入商品名称', submit: '搜索', results: '共 {n} 件商品', none: '没有找到相关商品' },
    product: {
      title: '商品详情', price: '售价', originalPrice: '原价', distributorPrice: '分销价', stock: '库存 {n}',
      outOfStock: '已售罄', choose: '请选择 {specs}', selected: '已选：{specs}', detail: '商品详情', sold: '已售 {n}',
      notFound: '商品不存在或已下架', share: '分享',
    },
    login: {
      title: '登录', sandboxHint: '沙箱登录：输入任意代码（如 alice）即可登录对应的测试用户', code: '登录代码',
      submit: '登录', wechat: '微信一键登录', inviteFrom: '邀请码：{code}', success: '登录成功',
      newAccount: '已为你创建新账号', welcomeBack: '欢迎回来',
      outcome: {
        recorded: '邀请码 {code} 已记录，将按商城的分销规则绑定推荐人',
        bound: '你已有推荐人，邀请码 {code} 未再记录',
        not_recorded: '邀请码 {code} 未被记录（老用户、自己的邀请码或邀请码无效）',
        invalid: '邀请码 {code} 格式无效，已忽略',
      },
      continue: '继续逛逛', toMe: '进入个人中心', codeRequired: '请输入登录代码',
    },
    me: {
      title: '个人中心', login: '登录 / 注册', notLoggedIn: '登录后查看个人信息', inviteCode: '我的邀请码',
      pendingInvite: '待绑定邀请码', distributor: '分销商', profile: '个人资料', nickname: '昵称', avatar: '头像地址',
      phone: '手机号', phonePlaceholder: '11 位手机号，留空则不修改', saveProfile: '保存资料', export: '导出我的数据',
      exported: '已导出你的数据', delete: '注销账号', deleteConfirmTitle: '确认注销账号？',
      deleteConfirmText: '注销后你的个人信息将被删除，订单与财务记录按法律要求匿名保留。此操作无法撤销。',
      deleteConfirm: '确认注销', deleted: '账号已注销', logout: '退出登录', loggedOut: '已退出登录',
      invalid: { nickname: '昵称不能为空，且不超过 32 个字符', phone: '请输入 11 位手机号', avatar_url: '请输入以 http(s):// 开头的图片地址' },
      comingSoon: '分销中心即将上线',
    },
    cart: {
      title: '购物车', empty: '购物车是空的', goShopping: '去逛逛', subtotal: '合计', checkout: '去结算 ({n})', remove: '删除',
      unavailable: '已下架', outOfStock: '已售罄', shortStock: '库存仅剩 {n} 件', added: '已加入购物车', loginFirst: '请先登录',
    },
    buy: { addToCart: '加入购物车', buyNow: '立即购买', quantity: '数量', chooseSku: '请先选择规格' },
    address: {
      title: '收货地址', add: '新增地址', edit: '编辑地址', empty: '还没有收货地址', name: '收货人', phone: '手机号',
      province: '省份', city: '城市', district: '区县', detail: '详细地址', isDefault: '设为默认地址', default: '默认',
      delete: '删除', deleteConfirm: '确定删除这个地址？', saved: '地址已保存', deleted: '地址已删除', choose: '选择收货地址',
      phoneMasked: '手机号已隐藏，不修改可留原样',
      invalid: {
        name: '请填写收货人（不超过 20 字）', phone: '请输入 11 位手机号', province: '请填写省份', city: '请填写城市',
        district: '请填写区县', detail: '请填写详细地址（不超过 120 字）',
      },
    },
    checkout: {
      title: '确认订单', address: '收货地址', noAddress: '请添加收货地址', goods: '商品金额', freight: '运费', free: '免运费',
      total: '实付款', note: '订单备注', notePlaceholder: '选填，给商家留言', submit: '提交订单', placed: '下单成功',
      discount: '优惠', items: '共 {n} 件',
    },
    order: {
      title: '我的订单', detail: '订单详情', empty: '还没有订单', orderNo: '订单号', createdAt: '下单时间', all: '全部',
      status: {
        pending_payment: '待付款', paid: '待发货', shipped: '待收货', received: '已收货', completed: '已完成',
        cancelled: '已取消', refunded: '已退款', unknown: '未知状态',
      },
      payBefore: '请在 {time} 前付款（剩余 {left}）', payBy: '请在 {time} 前付款', payHint: '超时未付款的订单将自动取消', pay: '立即付款', paidAt: '已付款 · {time}',
      cancel: '取消订单', cancelConfirm: '确定取消这个订单？', cancelled: '订单已取消', confirmReceipt: '确认收货',
      confirmReceiptText: '确认已收到商品？', received: '已确认收货', afterSale: '申请售后', history: '订单记录',
      event: {
        place: '提交订单', pay: '付款成功', ship: '商家已发货', confirm_receipt: '确认收货', cancel: '订单取消',
        after_sale_requested: '申请售后', after_sale_approved: '售后已同意', after_sale_rejected: '售后被拒绝',
      },
      shipping: '物流', carrier: '快递公司', trackingNo: '运单号', refunded: '已退 {n} 件', lines: '商品',
      goods: '商品金额', freight: '运费', total: '实付款', note: '备注', afterSales: '售后记录', myOrders: '我的订单', addresses: '收货地址',
    },
    afterSale: {
      title: '申请售后', kind: '售后类型', refund_only: '仅退款', return_and_refund: '退货退款', reason: '原因',
      reasonPlaceholder: '请说明原因', quantity: '退款数量', submit: '提交申请', submitted: '售后申请已提交',
      status: { refund_requested: '审核中', refund_approved: '已同意退款', refund_rejected: '已拒绝', refunded: '已退款', unknown: '处理中' },
      rejectReason: '拒绝原因：{r}',
      invalid: { reason: '请填写原因', kind: '请选择售后类型', quantity: '数量不正确', lines: '请至少选择 1 件商品' },
    },
    pay: {
      title: '选择支付方式', amount: '应付金额', balance: '余额支付', balanceAvailable: '可用余额 {amount}',
      balanceShort: '余额不足（可用 {amount}）', wechat: '微信支付', wechatHint: '使用微信完成付款', confirmBalance: '使用余额支付 {amount}？',
      paid: '支付成功', cancelled: '已取消支付', pending: '正在确认支付结果，请稍后刷新',
      sandbox: {
        title: '微信支付（沙箱）', payee: '收款方', merchant: 'Fenxiao Mall 沙箱', hint: '测试环境的模拟支付，不会产生真实扣款',
        confirm: '确认支付',
      },
    },
    wallet: {
      title: '我的钱包', balance: '账户余额', points: '积分', topUp: '充值', custom: '其他金额（元）', customPlaceholder: '1 – 10000',
      submit: '充值 {amount}', submitEmpty: '选择充值金额', toppedUp: '充值成功', transactions: '收支明细', empty: '还没有收支记录',
      balanceAfter: '余额 {amount}',
      kind: { order_payment: '订单支付', top_up: '充值', refund: '退款', adjustment: '余额调整', other: '其他' },
      invalid: { amount: '充值金额需在 ¥1.00 – ¥10000.00 之间' },
    },
    errors: {
      out_of_stock: '库存不足，请调整数量', validation_failed: '填写的信息有误，请检查', not_found: '内容不存在或已删除',
      conflict: '状态已变化，请刷新后再试', invalid_state: '当前状态不能进行此操作', unauthorized: '请先登录',
      forbidden: '没有权限', network_error: '网络异常，请稍后再试', cart_empty: '购物车里没有可结算的商品',
      address_required: '请选择收货地址', rate_limited: '操作太频繁，请稍后再试',
      insufficient_balance: '余额不足', invalid_transition: '订单状态已变化，请刷新后再试',
      payment_method_unavailable: '暂不支持该支付方式', payment_provider_error: '支付服务暂时不可用，请稍后再试', payment_failed: '支付未完成，请重试',
    },
    consent: {
      title: '隐私政策', text: '我们依据《个人信息保护法》处理你的个人信息。请阅读并同意隐私政策（版本 {version}）后继续使用。',
      updated: '隐私政策已更新（版本 {version}），请重新阅读并同意。', accept: '同意', decline: '暂不同意', accepted: '已同意隐私政策',
    },
  },
  en: {
    app: { name: 'Fenxiao Mall' },
    tab: { home: 'Home', category: 'Categories', cart: 'Cart', me: 'Me' },
    common: {
      loading: 'Loading…', retry: 'Retry', empty: 'Nothing here yet', noMore: 'No more items', loadMore: 'Load more',
      save: 'Save', saved: 'Saved', cancel: 'Cancel', confirm: 'OK', back: 'Back', language: 'Language',
      error: 'Something went wrong', networkError: 'Network problem, please try again',
    },
    home: { title: 'Fenxiao Mall', searchPlaceholder: 'Search products', categories: 'Categories', products: 'Best sellers', sold: '{n} sold' },
    category: { title: 'Categories', all: 'All', products: 'Products' },
    search: { title: 'Search', placeholder: 'Product name', submit: 'Search', results: '{n} products', none: 'No matching products' },
    product: {
      title: 'Product', price: 'Price', originalPrice: 'List price', distributorPrice: 'Distributor price', stock: '{n} in stock',
      outOfStock: 'Sold out', choose: 'Choose {specs}', selected: 'Selected: {specs}', detail: 'Details', sold: '{n} sold',
      notFound: 'This product does not exist or is no longer on sale', share: 'Share',
    },
    login: {
      title: 'Log in', sandboxHint: 'Sandbox login: any code (e.g. alice) logs in that test shopper', code: 'Login code',
      submit: 'Log in', wechat: 'Log in with WeChat', inviteFrom: 'Invite code: {code}', success: 'Logged in',
      newAccount: 'A new account was created for you', welcomeBack: 'Welcome back',
      outcome: {
        recorded: 'Invite code {code} was recorded; your referrer is bound by the shop\'s distribution rules',
        bound: 'You already have a referrer; invite code {code} was not recorded again',
        not_recorded: 'Invite code {code} was not recorded (existing account, your own code, or an unknown code)',
        invalid: 'Invite code {code} is malformed and was ignored',
      },
      continue: 'Continue shopping', toMe: 'Go to my account', codeRequired: 'Enter a login code',
    },
    me: {
      title: 'Me', login: 'Log in / Sign up', notLoggedIn: 'Log in to see your account', inviteCode: 'My invite code',
      pendingInvite: 'Pending invite code', distributor: 'Distributor', profile: 'Profile', nickname: 'Nickname', avatar: 'Avatar URL',
      phone: 'Phone', phonePlaceholder: '11-digit mobile number; empty keeps it', saveProfile: 'Save profile', export: 'Export my data',
      exported: 'Your data was exported', delete: 'Delete account', deleteConfirmTitle: 'Delete your account?',
      deleteConfirmText: 'Your personal data will be erased; orders and financial records are kept anonymised as the law requires. This cannot be undone.',
      deleteConfirm: 'Delete', deleted: 'Account deleted', logout: 'Log out', loggedOut: 'Logged out',
      invalid: { nickname: 'Nickname must be 1–32 characters', phone: 'Enter an 11-digit mobile number', avatar_url: 'Enter an image URL starting with http(s)://' },
      comingSoon: 'The distributor centre is coming soon',
    },
    cart: {
      title: 'Cart', empty: 'Your cart is empty', goShopping: 'Go shopping', subtotal: 'Subtotal', checkout: 'Check out ({n})', remove: 'Remove',
      unavailable: 'No longer sold', outOfStock: 'Sold out', shortStock: 'Only {n} left', added: 'Added to cart', loginFirst: 'Please log in first',
    },
    buy: { addToCart: 'Add to cart', buyNow: 'Buy now', quantity: 'Quantity', chooseSku: 'Choose the options first' },
    address: {
      title: 'Addresses', add: 'New address', edit: 'Edit address', empty: 'No addresses yet', name: 'Recipient', phone: 'Phone',
      province: 'Province', city: 'City', district: 'District', detail: 'Street address', isDefault: 'Use as default', default: 'Default',
      delete: 'Delete', deleteConfirm: 'Delete this address?', saved: 'Address saved', deleted: 'Address deleted', choose: 'Choose an address',
      phoneMasked: 'The phone is hidden; leave it to keep it',
      invalid: {
        name: 'Enter the recipient (up to 20 characters)', phone: 'Enter an 11-digit mobile number', province: 'Enter the province', city: 'Enter the city',
        district: 'Enter the district', detail: 'Enter the street address (up to 120 characters)',
      },
    },
    checkout: {
      title: 'Confirm order', address: 'Ship to', noAddress: 'Add a shipping address', goods: 'Goods', freight: 'Shipping', free: 'Free',
      total: 'Total', note: 'Note', notePlaceholder: 'Optional note to the shop', submit: 'Place order', placed: 'Order placed',
      discount: 'Discount', items: '{n} items',
    },
    order: {
      title: 'My orders', detail: 'Order details', empty: 'No orders yet', orderNo: 'Order no.', createdAt: 'Placed', all: 'All',
      status: {
        pending_payment: 'To pay', paid: 'To ship', shipped: 'Shipped', received: 'Received', completed: 'Completed',
        cancelled: 'Cancelled', refunded: 'Refunded', unknown: 'Unknown',
      },
      payBefore: 'Pay by {time} ({left} left)', payBy: 'Pay by {time}', payHint: 'Unpaid orders are cancelled when the time runs out', pay: 'Pay now', paidAt: 'Paid · {time}',
      cancel: 'Cancel order', cancelConfirm: 'Cancel this order?', cancelled: 'Order cancelled', confirmReceipt: 'Confirm receipt',
      confirmReceiptText: 'Have you received the goods?', received: 'Receipt confirmed', afterSale: 'Request after-sale', history: 'History',
      event: {
        place: 'Order placed', pay: 'Paid', ship: 'Shipped', confirm_receipt: 'Receipt confirmed', cancel: 'Cancelled',
        after_sale_requested: 'After-sale requested', after_sale_approved: 'After-sale approved', after_sale_rejected: 'After-sale rejected',
      },
      shipping: 'Shipping', carrier: 'Carrier', trackingNo: 'Tracking no.', refunded: '{n} refunded', lines: 'Items',
      goods: 'Goods', freight: 'Shipping', total: 'Total', note: 'Note', afterSales: 'After-sale requests', myOrders: 'My orders', addresses: 'Addresses',
    },
    afterSale: {
      title: 'After-sale request', kind: 'Type', refund_only: 'Refund only', return_and_refund: 'Return and refund', reason: 'Reason',
      reasonPlaceholder: 'Tell us why', quantity: 'Units to refund', submit: 'Submit request', submitted: 'Request submitted',
      status: { refund_requested: 'Under review', refund_approved: 'Refund approved', refund_rejected: 'Rejected', refunded: 'Refunded', unknown: 'In progress' },
      rejectReason: 'Rejected: {r}',
      invalid: { reason: 'Enter a reason', kind: 'Choose a type', quantity: 'Invalid quantity', lines: 'Pick at least one unit' },
    },
    pay: {
      title: 'Choose how to pay', amount: 'Amount due', balance: 'Wallet balance', balanceAvailable: '{amount} available',
      balanceShort: 'Not enough balance ({amount} available)', wechat: 'WeChat Pay', wechatHint: 'Pay with WeChat', confirmBalance: 'Pay {amount} from your wallet?',
      paid: 'Payment successful', cancelled: 'Payment cancelled', pending: 'Confirming the payment; refresh in a moment',
      sandbox: {
        title: 'WeChat Pay sandbox', payee: 'Payee', merchant: 'Fenxiao Mall 沙箱', hint: 'A simulated payment in the test environment; no real money moves',
        confirm: 'Confirm payment',
      },
    },
    wallet: {
      title: 'My wallet', balance: 'Balance', points: 'Points', topUp: 'Top up', custom: 'Other amount (¥)', customPlaceholder: '1 – 10000',
      submit: 'Top up {amount}', submitEmpty: 'Choose an amount', toppedUp: 'Top-up complete', transactions: 'Transactions', empty: 'No transactions yet',
      balanceAfter: 'Balance {amount}',
      kind: { order_payment: 'Order payment', top_up: 'Top-up', refund: 'Refund', adjustment: 'Adjustment', other: 'Other' },
      invalid: { amount: 'Top-ups are ¥1.00 – ¥10000.00' },
    },
    errors: {
      out_of_stock: 'Not enough stock; please change the quantity', validation_failed: 'Some details are invalid; please check', not_found: 'Not found or deleted',
      conflict: 'Something changed; please refresh and try again', invalid_state: 'This cannot be done in the current state', unauthorized: 'Please log in',
      forbidden: 'Not allowed', network_error: 'Network problem, please try again', cart_empty: 'Nothing in the cart can be checked out',
      address_required: 'Choose a shipping address', rate_limited: 'Too many attempts; please wait a moment',
      insufficient_balance: 'Not enough balance', invalid_transition: 'The order has changed; please refresh',
      payment_method_unavailable: 'This payment method is not available', payment_provider_error: 'The payment service is unavailable; please try again later', payment_failed: 'The payment did not go through; please try again',
    },
    consent: {
      title: 'Privacy policy', text: 'We process your personal information under the PIPL. Please read and accept the privacy policy (version {version}) to continue.',
      updated: 'The privacy policy was updated (version {version}); please read and accept it again.', accept: 'Accept', decline: 'Not now', accepted: 'Privacy policy accepted',
    },
  },
}

/** Maps a system/browser language ("zh_CN", "zh-Hans", "en-US") onto one of ours. */
export function pickLocale(lang) {
  const l = String(lang || '').toLowerCase()
  if (l.startsWith('en')) return 'en'
  return 'zh-CN'
}
