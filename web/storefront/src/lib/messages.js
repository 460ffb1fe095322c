// UI strings. Keys are shared by both locales; a test checks they stay in step.
export const LOCALES = ['zh-CN', 'en']

export const messages = {
  'zh-CN': {
    app: { name: '分销商城' },
    tab: { home: '首页', category: '分类', me: '我的' },
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
      comingSoon: '订单、购物车、分销中心即将上线',
    },
    consent: {
      title: '隐私政策', text: '我们依据《个人信息保护法》处理你的个人信息。请阅读并同意隐私政策（版本 {version}）后继续使用。',
      updated: '隐私政策已更新（版本 {version}），请重新阅读并同意。', accept: '同意', decline: '暂不同意', accepted: '已同意隐私政策',
    },
  },
  en: {
    app: { name: 'Fenxiao Mall' },
    tab: { home: 'Home', category: 'Categories', me: 'Me' },
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
      comingSoon: 'Orders, cart and the distributor centre are coming soon',
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
